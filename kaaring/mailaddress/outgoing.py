"""What every mail Kåring sends has in common: who it is from, and how it writes a moment.

The sender is the address of ``DEFAULT_FROM_EMAIL`` with the name of the organisation that runs
the award as its display name ("IMDi <kaaring@imdi.no>"), so that people see who writes to them.
Moments are written as the pages write them, in Oslo time and the mail's language:
"5. desember 2026 kl. 15.11", "5 December 2026 at 15:11" (the same translated formats).
"""

import datetime as dt
from email.headerregistry import Address
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

OSLO = ZoneInfo("Europe/Oslo")


def sender(display_name: str) -> str:
    """``DEFAULT_FROM_EMAIL``'s address under ``display_name`` (its own name if that is empty)."""
    configured_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if not address:
        raise ValueError("DEFAULT_FROM_EMAIL has no address")
    username, _at, domain = address.rpartition("@")
    name = " ".join((display_name or configured_name).split())
    return str(Address(display_name=name, username=username, domain=domain))


def moment_text(value: dt.datetime) -> str:
    """``value`` in Oslo time, in the active language, without the weekday."""
    local = timezone.localtime(value, OSLO)
    day = date_format(local, pgettext("date without weekday, Django date format", "j F Y"))
    clock = date_format(local, pgettext("time of day, Django date format", "H:i"))
    return _("%(date)s at %(time)s") % {"date": day, "time": clock}
