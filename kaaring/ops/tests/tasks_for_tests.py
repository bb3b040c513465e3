"""A task for the tests: it remembers the request id it ran under."""

from django.tasks import task

from kaaring.ops import requestid

seen: list[str | None] = []


@task()
def remember_request_id() -> None:
    seen.append(requestid.current())
