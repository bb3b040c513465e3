"""The open vote's own work without Django's request handling: the WSGI application that
bench/floor.py serves beside the project.

``/_floor/<steps>/<a vote address>`` does, for a POST of the vote form, what the open mode's
ballot-committing request must do, with the project's own functions, and nothing of Django's
request machinery (no request object, middleware, URL resolver, form or CSRF check):

- ``ballot``: the voter key and the ballot's one statement (``ballot_cast``), the receipt cookie;
- ``limits``: the same, after the three rate-limit counters (``ratelimit_hits``);
- ``all``: the same, after verifying the proof of work (the ALTCHA library, as the form does)
  and with its claim in the ballot's statement: all the work of the real request.

Every other address goes to the project (``config.wsgi``), so the hello-world view and the real
vote are served by the same processes. For measuring only; never part of a deployment.
"""

import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from altcha_django.verifiers import run_verification
from django.core import signing
from django.http import parse_cookie

from config.wsgi import application as project
from kaaring.public.client_ip import subnet_of
from kaaring.public.views.vote import _solve_time_ms
from kaaring.public.views.vote_common import RECEIPT_COOKIE, seconds_to_vote, vote_target_recent
from kaaring.ratelimits.services import ratelimit_hits
from kaaring.voting.modes.open import ProofOfWork, _claim_of
from kaaring.voting.review_signals import user_agent_family
from kaaring.voting.services import ballot_cast, voter_key

STEPS = ("ballot", "limits", "all")
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def _answer(
    start_response: StartResponse, status: str, headers: list[tuple[str, str]]
) -> list[bytes]:
    start_response(status, [("Content-Length", "0"), *headers])
    return [b""]


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if not path.startswith("/_floor/") or environ.get("REQUEST_METHOD") != "POST":
        return project(environ, start_response)  # type: ignore[arg-type]
    _, _, steps, address = path.split("/", 3)
    parts = address.strip("/").split("/")
    if parts[0] in {"nn", "en"}:
        parts = parts[1:]
    award, year, nominee = parts[0], int(parts[1]), parts[3]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    form = dict(urllib.parse.parse_qsl(environ["wsgi.input"].read(length).decode()))
    browser = parse_cookie(environ.get("HTTP_COOKIE", "")).get("kaaring_browser", "")
    ip = environ.get("REMOTE_ADDR", "")
    subnet = subnet_of(ip)
    if steps not in STEPS or not browser:
        return _answer(start_response, "400 Bad Request", [])
    target = vote_target_recent(award, year, nominee)
    edition = target.edition
    claim, solve_ms, seconds, family = None, None, None, None
    if steps == "all":
        verified = run_verification(form.get("altcha", ""), replay=False)
        if not verified.replay_id:
            return _answer(start_response, "400 Bad Request", [])
        claim = _claim_of(ProofOfWork(verified.replay_id, verified.expires_at, None))
        solve_ms = _solve_time_ms(form.get("altcha", ""))
        seconds = seconds_to_vote(form.get("loaded", ""), binding=form.get("submission", ""))
        family = user_agent_family(environ.get("HTTP_USER_AGENT", ""))
    if steps in {"limits", "all"}:
        hits = [("vote_open_per_ip", ip), ("vote_open_per_subnet", subnet)]
        verdicts = ratelimit_hits([*hits, ("vote_open_per_browser", browser)])
        if not all(verdict.allowed for verdict in verdicts):
            return _answer(start_response, "429 Too Many Requests", [])
    result = ballot_cast(
        edition=edition,
        nominee_id=target.nominee.pk,
        mode="open",
        voter_key=voter_key(edition_id=edition.pk, kind="open", identity=browser),
        submission_key=form.get("submission", ""),
        subnet_key=voter_key(edition_id=edition.pk, kind="subnet", identity=subnet),
        proof_of_work_claim=None if claim is None else claim[0],
        claim_expires_at=None if claim is None else claim[1],
        proof_of_work_ms=solve_ms,
        seconds_to_vote=seconds,
        user_agent_family=family,
    )
    receipt = signing.dumps(
        {"e": edition.pk, "n": target.nominee.pk, "r": result.receipt}, salt=RECEIPT_COOKIE
    )
    return _answer(
        start_response,
        "302 Found",
        [
            ("Location", f"/{award}/{year}/stem/takk/"),
            ("Set-Cookie", f"{RECEIPT_COOKIE}={receipt}; HttpOnly; Secure; SameSite=Lax; Path=/"),
        ],
    )
