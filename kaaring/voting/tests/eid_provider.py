"""A real OpenID Connect provider on 127.0.0.1 for the e-ID tests (oidc-provider-mock).

The provider runs in a thread of the test process. It issues ID tokens signed with its own key
and puts every claim given to ``user_set`` into them, so a test can log in a voter with the
``pid`` (national identity number) and ``acr`` (assurance level) that ID-porten would send.
A thin WSGI layer in front of it records the requests our client makes (to check PKCE and the
client authentication) and can change the token response (to test a tampered ID token).
"""

import io
import json
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote

import httpx2
import oidc_provider_mock
import werkzeug.serving


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    authorization: str


@dataclass
class Provider:
    url: str
    seen: list[Seen] = field(default_factory=list)
    # Applied to the token endpoint's JSON answer when set.
    tamper: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def user_set(self, sub: str, claims: dict[str, Any]) -> None:
        response = httpx2.put(f"{self.url}/users/{quote(sub, safe='')}", json=claims)
        assert response.status_code == 204

    def authorize(self, authorization_url: str, *, sub: str = "", deny: bool = False) -> str:
        """What the voter does at the provider: log in as ``sub`` (or decline). Returns the
        address the provider sends the browser back to."""
        data = {"action": "deny"} if deny else {"sub": sub}
        response = httpx2.post(authorization_url, data=data)
        assert response.status_code == 302, response.text
        return response.headers["location"]

    def requests_to(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]


def _recording(app: Any, provider: Provider) -> Callable[..., Iterable[bytes]]:
    def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        form_type = environ.get("CONTENT_TYPE", "").startswith("application/x-www-form")
        seen = Seen(
            method=environ["REQUEST_METHOD"],
            path=environ["PATH_INFO"],
            query=parse_qs(environ.get("QUERY_STRING", "")),
            form=parse_qs(body.decode()) if form_type else {},
            authorization=environ.get("HTTP_AUTHORIZATION", ""),
        )
        provider.seen.append(seen)
        if seen.path != "/oauth2/token" or provider.tamper is None:
            return app(environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured["status"], captured["headers"] = status, headers

        raw = b"".join(app(environ, capture))
        if captured["status"].startswith("200"):
            raw = json.dumps(provider.tamper(json.loads(raw))).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(raw)))])
        return [raw]

    return middleware


@contextmanager
def running_provider(**options: Any) -> Iterator[Provider]:
    """The provider on a free port of 127.0.0.1 until the block ends."""
    provider = Provider(url="")
    app = _recording(oidc_provider_mock.app(**options), provider)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    provider.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: a provider that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextmanager
def silent_server() -> Iterator[str]:
    """An address that accepts connections and never answers: a provider that hangs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
