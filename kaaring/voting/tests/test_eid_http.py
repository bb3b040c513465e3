"""The e-ID client's HTTP (httpx, and Authlib's httpx client for the token): kept-alive
connections to the provider, so a voter does not wait for a new TCP (and, in production, TLS)
handshake at every login; a code is sent once, also when the provider has closed a connection."""

import http.server
import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from kaaring.voting import oidc


@dataclass
class Counting:
    url: str = ""
    connections: int = 0
    requests: list[str] = field(default_factory=list)


@contextmanager
def json_server(*, close_silently: bool = False) -> Iterator[Counting]:
    """A provider stand-in on 127.0.0.1 that counts connections. ``close_silently``: drop
    each connection after one answer without saying so, as a server does with idle ones."""
    seen = Counting()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            seen.connections += 1

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._answer()

        def _answer(self) -> None:
            seen.requests.append(f"{self.command} {self.path}")
            body = json.dumps({"ok": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            if close_silently:
                self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    seen.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield seen
    finally:
        oidc.cache_clear()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def _no_kept_connections() -> Iterator[None]:
    oidc.cache_clear()
    yield
    oidc.cache_clear()


def _exchange(url: str, code: str) -> dict:
    return oidc._token_exchange(
        metadata={"token_endpoint": f"{url}/token"},
        provider=oidc.Provider(
            issuer=url,
            client_id="kaaring",
            client_secret="s3cret",
            identity_claim="pid",
            required_acr="",
        ),
        code=code,
        code_verifier="v" * 43,
        redirect_uri="http://testserver/cb",
    )


def test_calls_to_one_provider_share_one_connection():
    with json_server() as provider:
        answers = [
            oidc._http(f"{provider.url}/.well-known/openid-configuration"),
            _exchange(provider.url, "x"),
            oidc._http(f"{provider.url}/jwks"),
        ]

    assert answers == [(200, {"ok": True}), {"ok": True}, (200, {"ok": True})]
    assert provider.connections == 1


def test_calls_from_several_threads_share_the_pool():
    with json_server() as provider:
        oidc._http(f"{provider.url}/jwks")
        worker = threading.Thread(target=oidc._http, args=(f"{provider.url}/jwks",))
        worker.start()
        worker.join(5)

    assert provider.connections == 1


def test_a_connection_the_provider_closed_is_replaced_and_the_request_sent_on_the_new_one():
    with json_server(close_silently=True) as provider:
        first = _exchange(provider.url, "one")
        second = _exchange(provider.url, "two")

    assert (first, second) == ({"ok": True}, {"ok": True})
    # Each code reached the provider exactly once.
    assert provider.requests == ["POST /token", "POST /token"]
    assert provider.connections == 2


def test_a_connection_idle_too_long_is_not_reused(monkeypatch):
    monkeypatch.setattr(oidc, "KEEPALIVE_SECONDS", 0.0)
    with json_server() as provider:
        oidc._http(f"{provider.url}/jwks")
        oidc._http(f"{provider.url}/jwks")

    assert provider.connections == 2


def test_a_proxy_in_the_environment_is_used(monkeypatch):
    """With HTTPS_PROXY and friends set at the time of the call, it goes through the proxy."""
    with json_server() as proxy:
        monkeypatch.setenv("http_proxy", proxy.url)
        monkeypatch.setenv("no_proxy", "")
        answer = oidc._http("http://localhost:9/.well-known/openid-configuration")

    assert answer == (200, {"ok": True})
    assert proxy.requests == ["GET http://localhost:9/.well-known/openid-configuration"]


def test_an_answer_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(oidc, "MAX_RESPONSE_BYTES", 5)
    with json_server() as provider, pytest.raises(oidc.ProviderUnavailable):
        oidc._http(f"{provider.url}/jwks")
