"""Demo content for ``manage.py load_demo`` (see ``loader``). Nothing else imports it."""
