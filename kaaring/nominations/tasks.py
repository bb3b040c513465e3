"""Background entry points of nominations: each takes ids only, runs after commit, and is safe
to run twice (every mail is claimed by a conditional update before it is sent)."""

from django.tasks import task

from kaaring.audit.services import acting_as
from kaaring.nominations import mail, retention


@task()
def nomination_link_send_task(link_id: int) -> bool:
    return mail.link_send(link_id=link_id)


@task()
def nomination_copy_send_task(nomination_id: int) -> bool:
    return mail.copy_send(nomination_id=nomination_id)


@task()
def nomination_decision_send_task(nomination_id: int) -> bool:
    return mail.decision_send(nomination_id=nomination_id)


@task()
def nominations_purge_task() -> int:
    """Delete personal data past each call's retention period (run it daily)."""
    with acting_as("nominations_purge_task"):
        return retention.nominations_purge()
