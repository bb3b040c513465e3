"""/metrics: closed to the public; ballots committed and refused by reason; the task queue."""

import ipaddress

import pytest
from django.conf import LazySettings
from django.test import Client
from prometheus_client import REGISTRY

from kaaring.awards.models import Edition, Nominee
from kaaring.ops.tests import tasks_for_tests
from kaaring.voting.errors import AlreadyVoted
from kaaring.voting.services import ballot_cast

TOKEN = "metrics-token-for-tests"


@pytest.fixture
def metrics_token(settings: LazySettings) -> str:
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []
    return TOKEN


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_are_not_public(client: Client, db: None, metrics_token: str) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404


def test_the_token_opens_metrics(client: Client, db: None, metrics_token: str) -> None:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert b"kaaring_ballots_committed_total" in response.content
    assert b'kaaring_task_queue_depth{queue="default"}' in response.content


def test_an_allowed_address_opens_metrics_unless_it_came_through_a_proxy(
    client: Client, db: None, settings: LazySettings
) -> None:
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]

    assert client.get("/metrics", REMOTE_ADDR="10.2.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 404
    # Through the load balancer every visitor would come from an allowed address.
    forwarded = client.get("/metrics", REMOTE_ADDR="10.2.3.4", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert forwarded.status_code == 404


def test_ballots_are_counted_committed_repeated_and_refused_by_reason(
    edition: Edition, nominees: list[Nominee]
) -> None:
    committed = _value("kaaring_ballots_committed_total", mode="open")
    repeated = _value("kaaring_ballots_repeated_total", mode="open")
    refused = _value("kaaring_ballots_refused_total", reason="already_voted")

    def cast(submission_key: str) -> None:
        ballot_cast(
            edition=edition,
            nominee_id=nominees[0].pk,
            mode="open",
            voter_key="v1",
            submission_key=submission_key,
        )

    cast("s1")
    cast("s1")
    with pytest.raises(AlreadyVoted):
        cast("s2")

    assert _value("kaaring_ballots_committed_total", mode="open") == committed + 1
    assert _value("kaaring_ballots_repeated_total", mode="open") == repeated + 1
    assert _value("kaaring_ballots_refused_total", reason="already_voted") == refused + 1


def test_the_queue_depth_counts_tasks_waiting(client: Client, db: None, metrics_token: str) -> None:
    for _ in range(3):
        tasks_for_tests.remember_request_id.enqueue()

    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()

    assert 'kaaring_task_queue_depth{queue="default"} 3.0' in body
