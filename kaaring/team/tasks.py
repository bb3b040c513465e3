"""Background entry points of accounts: ids (and the language and site of the request) only."""

from django.tasks import task

from kaaring.team import mail


@task()
def member_welcome_send_task(
    user_id: int, organisation_id: int, actor_id: int, language: str, site_url: str
) -> bool:
    return mail.welcome_send(
        user_id=user_id,
        organisation_id=organisation_id,
        actor_id=actor_id,
        language=language,
        site_url=site_url,
    )
