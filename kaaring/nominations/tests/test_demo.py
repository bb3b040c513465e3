from django.core.management import call_command
from django.utils import timezone

from kaaring.nominations.demo import nominations_demo_load
from kaaring.nominations.models import Call, Nomination, Status
from kaaring.nominations.services import call_check_open


def test_the_demo_has_an_open_call_for_stange_and_a_closed_round_for_imdi(db):
    call_command("load_demo", "--force", verbosity=0)
    now = timezone.now()

    nominations_demo_load(now=now)
    nominations_demo_load(now=now)  # idempotent

    stange = Call.objects.get(edition__award__slug="stange-integreringspris")
    call_check_open(stange, now)
    statuses = set(stange.nominations.values_list("status", flat=True))
    assert statuses == {Status.DRAFT, Status.RECEIVED, Status.UNDER_REVIEW, Status.DECLINED}
    imdi = Call.objects.get(edition__award__slug="bosettingsprisen")
    assert imdi.who == Call.Who.SELF
    assert imdi.edition.nominations_close_at is not None
    assert imdi.edition.nominations_close_at < now
    assert Nomination.objects.filter(call=imdi, status=Status.RECEIVED).count() == 3
