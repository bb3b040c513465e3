"""Background entry points of the vote: each takes ids only (never an address), runs after
commit, and is safe to run twice."""

from django.tasks import task

from kaaring.voting.modes import mail


@task()
def email_confirmation_send_task(confirmation_id: int) -> bool:
    """Send an e-mail vote's confirmation link (once, however often it runs)."""
    return mail.email_confirmation_send(confirmation_id=confirmation_id)


@task()
def email_confirmations_purge_task() -> dict[str, int]:
    """Delete the raw addresses of expired e-mail confirmations (run it hourly)."""
    purged = mail.email_confirmations_purge()
    return {"addresses_deleted": purged.addresses_deleted, "rows_deleted": purged.rows_deleted}
