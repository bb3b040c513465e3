"""Voting with electronic ID: an OpenID Connect relying party (authorization code flow).

The idea: the provider (ID-porten in production, any OpenID Connect provider elsewhere) tells
us who the voter is in a signed ID token; we check the token, take the identity from one claim
(``OIDC_IDENTITY_CLAIM``, e.g. ``pid``, the national identity number) and the caller turns it
into a voter key at once. The identity leaves this module only inside a ``VerifiedLogin``
whose ``repr`` hides it, and nothing here logs it, stores it or puts it in an exception.

Each login carries a ``state`` (ties the callback to the browser that started it), a ``nonce``
(ties the ID token to that login) and a PKCE verifier (S256; ties the code exchange to it).
The ID token is checked against the provider's published keys (JWKS) and for issuer,
audience, expiry, issue time, nonce and access-token hash; ``acr`` must reach
``OIDC_REQUIRED_ACR`` when that is set.

HTTP: every call to the provider (discovery, keys, token) goes through httpx, the token
request through Authlib's own httpx client (``OAuth2Client``: the token request, its client
authentication and the parsing of its answer are Authlib's), with short timeouts; the
authorization URL and the PKCE challenge are Authlib's too, and the signature check is
joserfc's (Authlib's JOSE layer). Provider metadata and keys (parsed, ready to verify with) are
cached in the process for a few minutes.

The code exchange happens while the voter waits for the vote to count, so the process keeps
its connections to the provider open between logins (HTTP keep-alive, one pool of
connections shared by every thread) instead of paying a TCP and TLS handshake per voter; each
call makes a light client on that pool, so proxies named in the environment
(``HTTPS_PROXY``, ``NO_PROXY`` …) are honoured as they are at the time of the call.
"""

# Errors are named as the situation (TokenInvalid, AssuranceTooLow), like voting/errors.py.
# ruff: noqa: N818

import contextlib
import functools
import json
import logging
import secrets
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

# The HTTP library Authlib's httpx client is built on, chosen as Authlib chooses it: httpx2
# where it is installed, else httpx. Our own calls and the shared pool must be of the same one.
try:
    import httpx2 as httpx
except ImportError:  # pragma: no cover - depends on what is installed
    import httpx  # type: ignore[no-redef]

logger = logging.getLogger(__name__)

# Seconds to wait for the provider on each call; a voter is waiting on the other side.
HTTP_TIMEOUT = 5.0
# A kept-alive connection idle for longer than this is not reused: servers close idle ones
# (commonly after 5 s or more), and a request sent as they do so would fail. (httpx also drops
# a kept connection the server has already closed before sending on it.)
KEEPALIVE_SECONDS = 4.0
# Provider metadata and keys are re-read after this many seconds (keys also on an unknown kid).
CACHE_SECONDS = 300
# Clock skew tolerated when checking exp and iat.
LEEWAY_SECONDS = 60
MAX_RESPONSE_BYTES = 1_000_000

# ID-porten's assurance levels, lowest first: a login at a listed level satisfies every level
# before it. A required value not in the list is accepted only exactly.
ACR_LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")


class EidError(Exception):
    """Base class: the voter could not be verified by electronic ID."""


class EidNotConfigured(EidError):
    """OIDC_ISSUER is not set: electronic ID is not available."""


class ProviderUnavailable(EidError):
    """The provider did not answer, or answered with something unusable."""


class LoginCancelled(EidError):
    """The voter declined at the provider (``error=access_denied``)."""


class LoginFailed(EidError):
    """The provider reported an error, or refused to exchange the code."""


class TokenInvalid(EidError):
    """The ID token did not pass the checks (signature, issuer, audience, time, nonce)."""


class AssuranceTooLow(EidError):
    """The login's ``acr`` is below ``OIDC_REQUIRED_ACR``."""


class IdentityMissing(EidError):
    """The ID token lacks the identity claim."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    identity_claim: str
    required_acr: str


def provider_from_settings() -> Provider:
    if not settings.OIDC_ISSUER:
        raise EidNotConfigured()
    return Provider(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        identity_claim=settings.OIDC_IDENTITY_CLAIM,
        required_acr=settings.OIDC_REQUIRED_ACR,
    )


@dataclass(frozen=True)
class LoginStart:
    """Where to send the voter, and what the callback must be checked against."""

    url: str
    state: str
    nonce: str
    code_verifier: str = field(repr=False)


@dataclass(frozen=True)
class VerifiedLogin:
    identity: str = field(repr=False)
    acr: str | None


def acr_satisfies(*, required: str, actual: str | None) -> bool:
    if not required:
        return True
    if actual is None:
        return False
    if required in ACR_LEVELS and actual in ACR_LEVELS:
        return ACR_LEVELS.index(actual) >= ACR_LEVELS.index(required)
    return actual == required


def login_start(
    *, redirect_uri: str, ui_locales: str | None = None, provider: Provider | None = None
) -> LoginStart:
    """The provider's authorization URL for a new login (fetches its metadata if needed)."""
    provider = provider or provider_from_settings()
    metadata = provider_metadata(provider.issuer)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters, within PKCE's 43 to 128
    url = prepare_grant_uri(
        metadata["authorization_endpoint"],
        client_id=provider.client_id,
        response_type="code",
        redirect_uri=redirect_uri,
        scope="openid",
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(verifier),
        code_challenge_method="S256",
        acr_values=provider.required_acr or None,
        ui_locales=ui_locales,
    )
    return LoginStart(url=url, state=state, nonce=nonce, code_verifier=verifier)


def login_finish(
    *,
    code: str,
    code_verifier: str,
    nonce: str,
    redirect_uri: str,
    provider: Provider | None = None,
) -> VerifiedLogin:
    """Exchange the code, check the ID token and the assurance level, return the identity."""
    provider = provider or provider_from_settings()
    metadata = provider_metadata(provider.issuer)
    tokens = _token_exchange(
        metadata=metadata,
        provider=provider,
        code=code,
        code_verifier=code_verifier,
        redirect_uri=redirect_uri,
    )
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise TokenInvalid("no id_token in the token response")
    access_token = tokens.get("access_token")
    claims = _id_token_checked(
        id_token,
        metadata=metadata,
        client_id=provider.client_id,
        nonce=nonce,
        access_token=access_token if isinstance(access_token, str) else None,
    )
    acr = claims.get("acr")
    acr = acr if isinstance(acr, str) else None
    if not acr_satisfies(required=provider.required_acr, actual=acr):
        logger.info("e-ID login below the required assurance level (acr=%s)", acr)
        raise AssuranceTooLow()
    identity = claims.get(provider.identity_claim)
    if isinstance(identity, int) and not isinstance(identity, bool):
        identity = str(identity)
    if not isinstance(identity, str) or not identity:
        raise IdentityMissing()
    return VerifiedLogin(identity=identity, acr=acr)


def id_token_claims(
    id_token: str,
    *,
    keys: KeySet,
    issuer: str,
    client_id: str,
    nonce: str,
    algorithms: list[str],
    access_token: str | None = None,
) -> dict[str, Any]:
    """The claims of a valid ID token, or ``TokenInvalid``. ``InvalidKeyIdError`` passes up so
    that the caller can re-read the provider's keys."""
    try:
        token = jwt.decode(id_token, keys, algorithms=algorithms)
        claims = CodeIDToken(
            token.claims,
            token.header,
            {
                "iss": {"essential": True, "value": issuer},
                "aud": {"essential": True, "value": client_id},
                "sub": {"essential": True},
                "exp": {"essential": True},
                "iat": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            {"nonce": nonce, "client_id": client_id, "access_token": access_token},
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except InvalidKeyIdError:
        raise
    except (JoseError, ValueError, TypeError, KeyError) as error:
        # The error names the failing check or claim, never a claim's value.
        raise TokenInvalid(type(error).__name__) from None
    return dict(claims)


def _id_token_checked(
    id_token: str,
    *,
    metadata: dict[str, Any],
    client_id: str,
    nonce: str,
    access_token: str | None,
) -> dict[str, Any]:
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    # Only public-key signatures: never "none", never a MAC keyed with our client secret.
    algorithms = [a for a in offered if isinstance(a, str) and a[:2] in ("RS", "PS", "ES", "Ed")]
    checks: dict[str, Any] = {
        "issuer": metadata["issuer"],
        "client_id": client_id,
        "nonce": nonce,
        "algorithms": algorithms,
        "access_token": access_token,
    }
    try:
        return id_token_claims(id_token, keys=_jwks(metadata["jwks_uri"]), **checks)
    except InvalidKeyIdError:
        pass
    # A key we have not seen: the provider may have rotated its keys since we cached them.
    try:
        return id_token_claims(id_token, keys=_jwks(metadata["jwks_uri"], force=True), **checks)
    except InvalidKeyIdError:
        raise TokenInvalid("InvalidKeyIdError") from None


def _token_exchange(
    *,
    metadata: dict[str, Any],
    provider: Provider,
    code: str,
    code_verifier: str,
    redirect_uri: str,
) -> dict[str, Any]:
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    url = _url_checked(metadata["token_endpoint"])
    make = functools.partial(
        OAuth2Client,
        provider.client_id,
        provider.client_secret,
        token_endpoint_auth_method=method,
    )
    try:
        with _client(make, url) as client:
            return dict(
                client.fetch_token(
                    url,
                    grant_type="authorization_code",
                    code=code,
                    redirect_uri=redirect_uri,
                    code_verifier=code_verifier,
                )
            )
    except OAuthError as error:
        logger.info("e-ID code exchange refused (error %s)", str(error.error)[:40])
        raise LoginFailed("the token endpoint refused the code") from None
    except httpx.HTTPStatusError as error:
        status = error.response.status_code
        if status >= 500:
            raise ProviderUnavailable(f"token endpoint answered {status}") from None
        logger.info("e-ID code exchange refused (status %s)", status)
        raise LoginFailed(f"token endpoint answered {status}") from None
    except httpx.HTTPError as error:
        logger.warning("e-ID provider unreachable: %s", type(error).__name__)
        raise ProviderUnavailable(type(error).__name__) from None
    except ValueError:  # a 2xx answer that is not a JSON object
        raise LoginFailed("unusable token response") from None


_cache: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
_cache_lock = threading.Lock()


def cache_clear() -> None:
    """Forget the cached metadata and keys and close the kept-alive connections (tests; a
    changed configuration)."""
    global _transport
    with _cache_lock:
        _cache.clear()
        _keysets.clear()
        transport, _transport = _transport, None
    if transport is not None:
        transport.close()


def _cached(kind: str, url: str, *, force: bool = False) -> dict[str, Any]:
    key = (kind, url)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and not force and hit[0] > time.monotonic():
        return hit[1]
    status, data = _http(url)
    if status != 200 or not isinstance(data, dict):
        raise ProviderUnavailable(f"{kind} answered {status}")
    with _cache_lock:
        _cache[key] = (time.monotonic() + CACHE_SECONDS, data)
    return data


def provider_metadata(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery 1.0), checked and cached."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    metadata = _cached("metadata", url)
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not all(isinstance(metadata.get(name), str) for name in needed):
        raise ProviderUnavailable("incomplete provider metadata")
    if metadata["issuer"].rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable("the provider metadata names another issuer")
    return metadata


# The keys of the cached key document, imported once (importing RSA keys is not free):
# url -> (the document they were imported from, the keys).
_keysets: dict[str, tuple[dict[str, Any], KeySet]] = {}


def _jwks(url: str, *, force: bool = False) -> KeySet:
    document = _cached("jwks", url, force=force)
    with _cache_lock:
        hit = _keysets.get(url)
    if hit is not None and hit[0] is document:
        return hit[1]
    try:
        keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise ProviderUnavailable("unusable provider keys") from error
    with _cache_lock:
        _keysets[url] = (document, keys)
    return keys


def _url_checked(url: str) -> str:
    """``url``, if it may carry tokens and keys: HTTPS, or plain HTTP to this machine (tests)."""
    parts = urllib.parse.urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "::1", "localhost")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise ProviderUnavailable(f"refusing a {parts.scheme or 'relative'} URL")
    return url


# The process's pool of kept-alive connections to providers, made on first use. httpx's
# transport is safe to share between threads; each call builds a light client on it.
_transport: httpx.HTTPTransport | None = None


def _shared_transport() -> httpx.HTTPTransport:
    global _transport
    with _cache_lock:
        if _transport is None:
            _transport = httpx.HTTPTransport(
                limits=httpx.Limits(keepalive_expiry=KEEPALIVE_SECONDS)
            )
        return _transport


@contextlib.contextmanager
def _client[C: httpx.Client](make: Callable[..., C], url: str) -> Iterator[C]:
    """A client made by ``make`` for a call to ``url``: on the shared pool, or, when the
    environment sends ``url`` through a proxy, one of its own (httpx speaks to the proxy),
    closed after the call. The shared pool is never closed here."""
    options: dict[str, Any] = {
        "timeout": HTTP_TIMEOUT,
        "follow_redirects": False,
        "headers": {"Accept": "application/json"},
    }
    parts = urllib.parse.urlsplit(url)
    if _proxied(parts.scheme, parts.hostname or ""):
        with make(**options, trust_env=True) as own:
            yield own
        return
    yield make(**options, transport=_shared_transport(), trust_env=False)


def _proxied(scheme: str, host: str) -> bool:
    """Whether the environment names a proxy for this request (``HTTPS_PROXY`` …, minus
    ``NO_PROXY``), as it says at the time of the call."""
    return bool(urllib.request.getproxies().get(scheme)) and not urllib.request.proxy_bypass(host)


def _http(url: str) -> tuple[int, Any]:
    """GET and parse JSON (at most ``MAX_RESPONSE_BYTES``); any failure to get an answer is
    ``ProviderUnavailable``. Returns (status, parsed body or None)."""
    _url_checked(url)
    try:
        with _client(httpx.Client, url) as client, client.stream("GET", url) as response:
            raw = bytearray()
            for chunk in response.iter_bytes():
                raw += chunk
                if len(raw) > MAX_RESPONSE_BYTES:
                    raise ProviderUnavailable("the provider's answer is too large")
            status = response.status_code
    except httpx.HTTPError as error:
        logger.warning("e-ID provider unreachable: %s", type(error).__name__)
        raise ProviderUnavailable(type(error).__name__) from None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, None
