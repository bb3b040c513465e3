"""Prometheus metrics: ballots committed and refused by reason, responses, the task queue.

The counters live in each process (or, with ``PROMETHEUS_MULTIPROC_DIR`` set, in files that
every gunicorn worker of a node shares, so that one scrape sees the whole node). Counting a
ballot costs an increment of a label child bound in advance; the task queue is counted by one
query when ``/metrics`` is scraped, not on any request.

``/metrics`` is not public: it answers a request carrying ``Authorization: Bearer
<METRICS_TOKEN>``, or one from an address in ``METRICS_ALLOWED_IPS`` that did not come through
a proxy (no ``X-Forwarded-For``); anything else gets a 404, as if there were nothing there.
"""

import functools
import hmac
import ipaddress
import os
import re
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

P = ParamSpec("P")
R = TypeVar("R")

BALLOTS_COMMITTED = Counter(
    "kaaring_ballots_committed", "Ballots stored (a retried submission is not counted)", ["mode"]
)
BALLOTS_REPEATED = Counter(
    "kaaring_ballots_repeated", "Retried submissions answered with their first ballot", ["mode"]
)
BALLOTS_REFUSED = Counter("kaaring_ballots_refused", "Votes not recorded, by reason", ["reason"])
RESPONSES = Counter("kaaring_http_responses", "HTTP responses by status class", ["status"])
UNAVAILABLE = Counter(
    "kaaring_unavailable", "Requests answered 503 because a dependency failed", ["dependency"]
)
DURATION = Histogram(
    "kaaring_http_request_duration_seconds",
    "Time to answer a request, in this process",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_STATUS = {n: RESPONSES.labels(f"{n}xx") for n in range(1, 6)}


def _reason(error: Exception) -> str:
    return _CAMEL.sub("_", type(error).__name__).lower()


def ballot_outcomes(*, refusals: type[Exception]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Count what a ballot-casting function returns (``.repeated`` or not, by ``mode``) and the
    ``refusals`` it raises (by the exception's name, ``VotingClosed`` → ``voting_closed``)."""

    def decorate(cast: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(cast)
        def counted(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                result = cast(*args, **kwargs)
            except refusals as error:
                BALLOTS_REFUSED.labels(_reason(error)).inc()
                raise
            mode = str(kwargs.get("mode", ""))
            counter = BALLOTS_REPEATED if getattr(result, "repeated", False) else BALLOTS_COMMITTED
            counter.labels(mode).inc()
            return result

        return counted

    return decorate


def ballot_refused(reason: str) -> None:
    BALLOTS_REFUSED.labels(reason).inc()


def response_seen(status: int, seconds: float) -> None:
    child = _STATUS.get(status // 100)
    if child is not None:
        child.inc()
    DURATION.observe(seconds)


class TaskQueueCollector(Collector):
    """Tasks waiting in django-tasks-db's table: ready to run now, per queue, and the age of
    the oldest one (a worker that has stopped shows as an age that only grows)."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Names only, so that registering does not query the database.
        yield from self._families()

    def _families(self) -> tuple[GaugeMetricFamily, GaugeMetricFamily]:
        return (
            GaugeMetricFamily(
                "kaaring_task_queue_depth",
                "Tasks ready to run and not yet started",
                labels=["queue"],
            ),
            GaugeMetricFamily(
                "kaaring_task_queue_oldest_seconds",
                "Age of the oldest task ready to run",
                labels=["queue"],
            ),
        )

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count, Min
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        depth, oldest = self._families()
        now = timezone.now()
        try:
            rows = list(
                DBTaskResult.objects.ready()
                .values("queue_name")
                .annotate(count=Count("id"), first=Min("enqueued_at"))
            )
        except DatabaseError:
            # The database is away: the other metrics still answer (they say so), the queue
            # is left out rather than reported empty.
            return
        seen = set()
        for row in rows:
            seen.add(row["queue_name"])
            depth.add_metric([row["queue_name"]], row["count"])
            oldest.add_metric([row["queue_name"]], (now - row["first"]).total_seconds())
        for queue in settings.TASKS["default"].get("QUEUES", ["default"]):
            if queue not in seen:
                depth.add_metric([queue], 0)
                oldest.add_metric([queue], 0)
        yield depth
        yield oldest


_queue_collector = TaskQueueCollector()


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_queue_collector)
        return registry
    return REGISTRY


if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    REGISTRY.register(_queue_collector)


def allowed(request: HttpRequest) -> bool:
    token: str = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)


def exposition(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse(b"", status=404, content_type="text/plain")
    body = generate_latest(_registry())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
