"""A fast OpenID Connect provider on 127.0.0.1, for the e-ID benchmark only.

The benchmark times the e-ID callback, which calls the provider's token endpoint while the
voter waits. ID-porten is not on this machine, and the tests' provider (oidc-provider-mock, a
Flask app that signs each token when it is asked for it) would measure itself rather than
Kåring. This one does all its cryptography before the timed run: ``/authorize`` (called by the
benchmark while it logs voters in) signs the voter's ID token at once and keeps the token
response ready, serialised, under the code it hands out; ``/token`` then only looks the code up.
It still checks what a real provider checks there (client authentication, the code used once,
the redirect URI, the PKCE verifier against the challenge — a SHA-256, not a signature), so a
request that Kåring gets wrong fails here as it would at ID-porten.

The provider is a separate process (asyncio, one thread) so that its work is visible as its own
CPU time and does not hold the benchmark's interpreter; it shares the machine's cores with the
server under test, which the benchmark says in its notes.

    eid_provider_start() -> Provider   (a context manager; the process stops with the block)
    provider.server_env()              the OIDC_* variables the server must start with
    Provider(issuer).authorize(url, pid=..., connection=...)
                                       the voter's visit: returns the callback path + query

Tokens look like ID-porten's: RS256, ``pid`` (the identity claim) and ``acr``, ``at_hash``
of the access token, and an expiry of ten minutes (the run must use them within that time).
"""

import asyncio
import base64
import contextlib
import hashlib
import http.client
import json
import secrets
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

from bench._common import ROOT, BenchError

CLIENT_ID = "kaaring-bench"
CLIENT_SECRET = "bench-client-secret"  # noqa: S105 - a fixed secret of a local test provider
IDENTITY_CLAIM = "pid"
ACR = "idporten-loa-substantial"
TOKEN_LIFETIME = 600


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


# --- The provider process -----------------------------------------------------------------


class _State:
    def __init__(self, issuer: str) -> None:
        from joserfc.jwk import KeySet, RSAKey

        self.issuer = issuer
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": "bench-1", "use": "sig", "alg": "RS256"}
        )
        self.jwks = json.dumps(KeySet([self.key]).as_dict(private=False)).encode()
        self.metadata = json.dumps(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token",
                "jwks_uri": f"{issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "code_challenge_methods_supported": ["S256"],
            }
        ).encode()
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        self.authorization = f"Basic {basic}"
        # code -> (code challenge, redirect URI, the token response, ready to send)
        self.codes: dict[str, tuple[str, str, bytes]] = {}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """The voter logged in as ``bench_pid``: sign the ID token now, hand out a code."""
        from joserfc import jwt

        wanted = ("client_id", "redirect_uri", "state", "nonce", "code_challenge", "bench_pid")
        if any(not query.get(name) for name in wanted) or query["client_id"] != CLIENT_ID:
            return 400, {}, b'{"error": "invalid_request"}'
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 400, {}, b'{"error": "unsupported_response_type"}'
        access_token = secrets.token_urlsafe(32)
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": _b64(hashlib.sha256(query["bench_pid"].encode()).digest()),
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
            "nonce": query["nonce"],
            "acr": ACR,
            "at_hash": _b64(hashlib.sha256(access_token.encode()).digest()[:16]),
            IDENTITY_CLAIM: query["bench_pid"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "bench-1"}, claims, self.key)
        response = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME,
            "id_token": id_token,
        }
        code = secrets.token_urlsafe(24)
        ready = json.dumps(response).encode()
        self.codes[code] = (query["code_challenge"], query["redirect_uri"], ready)
        back = urllib.parse.urlencode({"code": code, "state": query["state"]})
        return 302, {"Location": f"{query['redirect_uri']}?{back}"}, b""

    def token(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        """Exchange a code once: client, redirect URI and PKCE verifier checked; no crypto."""
        if headers.get("authorization") != self.authorization:
            return 401, {}, b'{"error": "invalid_client"}'
        form = dict(urllib.parse.parse_qsl(body.decode("ascii", "replace")))
        found = self.codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or found is None:
            return 400, {}, b'{"error": "invalid_grant"}'
        challenge, redirect_uri, response = found
        verifier = form.get("code_verifier", "")
        if (
            form.get("redirect_uri") != redirect_uri
            or _b64(hashlib.sha256(verifier.encode()).digest()) != challenge
        ):
            return 400, {}, b'{"error": "invalid_grant"}'
        return 200, {"Cache-Control": "no-store"}, response

    def answer(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        path, _, raw_query = target.partition("?")
        if method == "GET" and path == "/.well-known/openid-configuration":
            return 200, {}, self.metadata
        if method == "GET" and path == "/jwks":
            return 200, {}, self.jwks
        if method == "GET" and path == "/authorize":
            return self.authorize(dict(urllib.parse.parse_qsl(raw_query)))
        if method == "POST" and path == "/token":
            return self.token(headers, body)
        if method == "GET" and path == "/_bench/cpu":
            return 200, {}, json.dumps({"seconds": time.process_time()}).encode()
        return 404, {}, b'{"error": "not_found"}'


REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}


async def _connection(
    state: _State, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """HTTP/1.1 with keep-alive, just enough for urllib and http.client."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _version = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0)
            body = await reader.readexactly(length) if length else b""
            status, extra, payload = state.answer(method, target, headers, body)
            close = headers.get("connection", "").lower() == "close"
            out = [
                f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}",
                "Content-Type: application/json",
                f"Content-Length: {len(payload)}",
                *(f"{k}: {v}" for k, v in extra.items()),
                "Connection: close" if close else "Connection: keep-alive",
            ]
            writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + payload)
            await writer.drain()
            if close:
                break
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def _serve() -> None:
    states: list[_State] = []  # the issuer names the port, known once the socket is bound
    server = await asyncio.start_server(
        lambda r, w: _connection(states[0], r, w), "127.0.0.1", 0, backlog=1024
    )
    states.append(_State(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"))
    print(f"READY {states[0].issuer}", flush=True)
    async with server:
        await server.serve_forever()


# --- The benchmark's side ---------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    """The benchmark's handle on a running provider: its address is all it needs."""

    issuer: str

    def server_env(self) -> dict[str, str]:
        """What the server needs to use this provider (to add to ``server_env``)."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_IDENTITY_CLAIM": IDENTITY_CLAIM,
            "OIDC_REQUIRED_ACR": ACR,
        }

    def authorize(self, url: str, *, pid: str, connection: http.client.HTTPConnection) -> str:
        """The voter's visit to the authorization URL, logging in as ``pid``: the path and
        query of the callback the provider sends the browser back to."""
        parts = urllib.parse.urlsplit(url)
        connection.request("GET", f"{parts.path}?{parts.query}&bench_pid={pid}")
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location") or ""
        if response.status != 302 or not location:
            raise BenchError(f"the bench OpenID provider refused a login ({response.status})")
        back = urllib.parse.urlsplit(location)
        return f"{back.path}?{back.query}"

    def connection(self) -> http.client.HTTPConnection:
        parts = urllib.parse.urlsplit(self.issuer)
        return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)

    def cpu_seconds(self) -> float:
        """The provider process's CPU time so far (user + system)."""
        connection = self.connection()
        try:
            connection.request("GET", "/_bench/cpu")
            return float(json.loads(connection.getresponse().read())["seconds"])
        finally:
            connection.close()


@contextlib.contextmanager
def eid_provider_start() -> Iterator[Provider]:
    """The provider in its own process on a free port of 127.0.0.1, until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench._oidc_provider", "serve"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("READY "):
            raise BenchError(f"the bench OpenID provider did not start (exit {process.poll()})")
        yield Provider(issuer=line.split()[1])
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _main(argv: list[str]) -> int:
    if argv != ["serve"]:
        print("usage: python -m bench._oidc_provider serve (bench/vote_modes.py starts it)")
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve())
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
