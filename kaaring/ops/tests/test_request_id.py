"""Every response carries a request id; log records and the tasks a request enqueues carry the
same id."""

import json
import logging

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from kaaring.ops import requestid
from kaaring.ops.logs import JsonFormatter
from kaaring.ops.tests import tasks_for_tests


def test_a_response_gets_a_new_request_id_when_none_came(client: Client, db: None) -> None:
    first = client.get("/livez")["X-Request-ID"]
    second = client.get("/livez")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_the_load_balancers_request_id_is_kept(client: Client, db: None) -> None:
    response = client.get("/ukjent/", headers={"X-Request-ID": "haproxy-0a1b:42"})

    assert response.status_code == 404
    assert response["X-Request-ID"] == "haproxy-0a1b:42"


@pytest.mark.parametrize("value", ["", "a" * 65, "evil\nline", "<script>", "é"])
def test_a_request_id_that_is_not_one_is_replaced(client: Client, db: None, value: str) -> None:
    response = client.get("/livez", headers={"X-Request-ID": value})

    assert response["X-Request-ID"] != value
    assert len(response["X-Request-ID"]) == 32


def test_the_request_line_in_the_log_carries_the_id_and_no_path(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kaaring.request")

    client.get("/en/ukjent-side/?token=secret", headers={"X-Request-ID": "req-1"})

    [record] = [r for r in caplog.records if r.name == "kaaring.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-1"
    assert line["status"] == 404
    assert line["method"] == "GET"
    assert "ukjent" not in json.dumps(line)
    assert "secret" not in json.dumps(line)


def test_a_task_enqueued_in_a_request_runs_under_its_id(transactional_db: None) -> None:
    tasks_for_tests.seen.clear()
    token = requestid.bind("req-task-7")
    try:
        tasks_for_tests.remember_request_id.enqueue()
    finally:
        requestid.unbind(token)
    stored = DBTaskResult.objects.get()
    assert stored.args_kwargs["request_id"] == "req-task-7"

    call_command("db_worker", batch=True, interval=0, verbosity=0, startup_delay=False)

    assert tasks_for_tests.seen == ["req-task-7"]
    assert requestid.current() is None


def test_a_task_enqueued_outside_a_request_runs_without_an_id(transactional_db: None) -> None:
    tasks_for_tests.seen.clear()
    tasks_for_tests.remember_request_id.enqueue()

    call_command("db_worker", batch=True, interval=0, verbosity=0, startup_delay=False)

    assert tasks_for_tests.seen == [None]
