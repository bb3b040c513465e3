"""An organisation's team: inviting colleagues, changing their roles and removing members,
each audit-logged (accounts holds who is who; this package holds the use cases that change it)."""
