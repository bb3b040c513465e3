"""First in ``MIDDLEWARE``: the request id, the health endpoints, metrics and one log line.

The health endpoints and ``/metrics`` are answered here, before any other middleware: a probe
from a load balancer or an orchestrator addresses the node by its IP (no host name that
``ALLOWED_HOSTS`` would accept) over plain HTTP (no HTTPS redirect), and should cost as little
as possible.
"""

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kaaring.ops import health, metrics, replica, requestid
from kaaring.ops.unavailable import RETRY_AFTER_SECONDS

logger = logging.getLogger("kaaring.request")

_SAFE_METHODS = frozenset({"GET", "HEAD"})


def _json(checks: list[health.Check]) -> HttpResponse:
    failed = [check for check in checks if not check.ok and check.required]
    body = {
        "status": "unavailable" if failed else "ok",
        "checks": {
            check.name: "ok" if check.ok else f"down: {check.detail}" if check.detail else "down"
            for check in checks
        },
    }
    response = HttpResponse(
        json.dumps(body), content_type="application/json", status=503 if failed else 200
    )
    if failed:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _livez(request: HttpRequest) -> HttpResponse:
    return _json([health.Check("process", True)])


def _healthz(request: HttpRequest) -> HttpResponse:
    return _json([health.Check("process", True), health.database()])


def _readyz(request: HttpRequest) -> HttpResponse:
    return _json(health.readiness())


_ENDPOINTS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/livez": _livez,
    "/healthz": _healthz,
    "/readyz": _readyz,
    "/metrics": metrics.exposition,
}


class OpsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = requestid.from_header(request.META.get(requestid.META_KEY))
        token = requestid.bind(request_id)
        lag = replica.tolerate_lag(request.method in _SAFE_METHODS)
        try:
            endpoint = _ENDPOINTS.get(request.path_info)
            if endpoint is not None:
                response = endpoint(request)
            else:
                response = self.get_response(request)
                duration = time.perf_counter() - started
                metrics.response_seen(response.status_code, duration)
                match = getattr(request, "resolver_match", None)
                if settings.LOG_REQUESTS:
                    self.log(request, response, match, duration)
                if response.status_code == 429 and match and match.namespace == "voting":
                    metrics.ballot_refused("rate_limited")
            response[requestid.HEADER] = request_id
            return response
        finally:
            replica.reset(lag)
            requestid.unbind(token)

    def log(
        self, request: HttpRequest, response: HttpResponse, match: Any, duration: float
    ) -> None:
        logger.info(
            "%s %s %s",
            request.method,
            match.view_name if match else "-",
            response.status_code,
            extra={
                "method": request.method,
                "route": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round(duration * 1000, 1),
            },
        )
