"""Background entry points of the jury: ids (and the language and site of the request) only."""

from django.tasks import task

from kaaring.jury import mail


@task()
def juror_invitation_send_task(
    user_id: int, edition_id: int, actor_id: int, language: str, site_url: str
) -> bool:
    return mail.invitation_send(
        user_id=user_id,
        edition_id=edition_id,
        actor_id=actor_id,
        language=language,
        site_url=site_url,
    )
