"""The e-ID client on its own: ID-token checks, assurance levels, talking to a real provider."""

import base64
import hashlib
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet, OctKey, RSAKey

from kaaring.voting import oidc
from kaaring.voting.tests.eid_provider import (
    Provider,
    closed_port_url,
    running_provider,
    silent_server,
)

ISSUER = "https://idporten.example"
CLIENT = "kaaring-client"
NONCE = "n-0S6_WzA2Mj"


@pytest.fixture(autouse=True)
def _no_cached_provider() -> Iterator[None]:
    oidc.cache_clear()
    yield
    oidc.cache_clear()


@pytest.fixture(scope="module")
def key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "key-1", "alg": "RS256"})


def signed(key: Any, alg: str = "RS256", **overrides: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "pairwise-subject",
        "iat": now,
        "exp": now + 120,
        "nonce": NONCE,
        "pid": "24079409630",
        "acr": "idporten-loa-substantial",
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    header = {"alg": alg}
    if isinstance(key, RSAKey):
        header["kid"] = key.kid or ""
    return jwt.encode(header, claims, key, algorithms=[alg])


def check(token: str, key: RSAKey, **params: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "keys": KeySet([key]),
        "issuer": ISSUER,
        "client_id": CLIENT,
        "nonce": NONCE,
        "algorithms": ["RS256"],
    }
    values.update(params)
    return oidc.id_token_claims(token, **values)


def test_a_valid_id_token_gives_its_claims(key):
    claims = check(signed(key), key)
    assert claims["pid"] == "24079409630"
    assert claims["acr"] == "idporten-loa-substantial"


def test_an_audience_list_with_our_client_is_accepted(key):
    assert check(signed(key, aud=[CLIENT]), key)["sub"] == "pairwise-subject"


@pytest.mark.parametrize(
    "overrides",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"nonce": "someone-elses-nonce"},
        {"nonce": None},
        {"exp": int(time.time()) - 3600},
        {"exp": None},
        {"iat": int(time.time()) + 3600},
        {"iat": None},
        {"sub": None},
        {"aud": None},
    ],
    ids=lambda o: ",".join(f"{k}={'missing' if v is None else 'wrong'}" for k, v in o.items()),
)
def test_it_refuses_an_id_token_that_fails_a_check(key, overrides):
    with pytest.raises(oidc.TokenInvalid):
        check(signed(key, **overrides), key)


def test_it_refuses_a_tampered_id_token(key):
    header, payload, signature = signed(key).split(".")
    claims = base64.urlsafe_b64decode(payload + "==").replace(b"24079409630", b"01017012345")
    forged = base64.urlsafe_b64encode(claims).rstrip(b"=").decode()
    with pytest.raises(oidc.TokenInvalid):
        check(f"{header}.{forged}.{signature}", key)


def test_it_refuses_a_token_signed_by_someone_else_with_our_key_id(key):
    impostor = RSAKey.generate_key(2048, parameters={"kid": "key-1"})
    with pytest.raises(oidc.TokenInvalid):
        check(signed(impostor), key)


def test_an_unknown_key_id_is_left_to_the_caller_to_refresh_the_keys(key):
    other = RSAKey.generate_key(2048, parameters={"kid": "key-2"})
    with pytest.raises(InvalidKeyIdError):
        check(signed(other), key)


def test_it_refuses_unsigned_and_client_secret_signed_tokens(key):
    secret = OctKey.import_key("client-secret-that-is-long-enough-for-hs256")
    with pytest.raises(oidc.TokenInvalid):
        check(signed(secret, alg="HS256"), key)
    header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    payload = signed(key).split(".")[1]
    with pytest.raises(oidc.TokenInvalid):
        check(f"{header}.{payload}.", key)


def test_it_checks_the_access_token_hash(key):
    digest = hashlib.sha256(b"the-access-token").digest()[:16]
    at_hash = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    token = signed(key, at_hash=at_hash)
    assert check(token, key, access_token="the-access-token")
    with pytest.raises(oidc.TokenInvalid):
        check(token, key, access_token="another-access-token")


@pytest.mark.parametrize(
    ("required", "actual", "ok"),
    [
        ("", None, True),
        ("", "idporten-loa-low", True),
        ("idporten-loa-substantial", "idporten-loa-substantial", True),
        ("idporten-loa-substantial", "idporten-loa-high", True),
        ("idporten-loa-substantial", "idporten-loa-low", False),
        ("idporten-loa-high", "idporten-loa-substantial", False),
        ("idporten-loa-substantial", None, False),
        ("idporten-loa-substantial", "Level4", False),
        ("Level4", "Level4", True),
        ("Level3", "Level4", False),  # levels outside ID-porten's list must match exactly
    ],
)
def test_the_assurance_level_must_reach_the_required_one(required, actual, ok):
    assert oidc.acr_satisfies(required=required, actual=actual) is ok


def test_the_identity_is_not_shown_in_the_login_repr():
    login = oidc.VerifiedLogin(identity="24079409630", acr="idporten-loa-high")
    assert "24079409630" not in repr(login)
    assert "secret" not in repr(oidc.Provider("https://x", "c", "secret", "pid", ""))


def provider_for(url: str, **fields: Any) -> oidc.Provider:
    values = {
        "issuer": url,
        "client_id": CLIENT,
        "client_secret": "s3cret",
        "identity_claim": "pid",
        "required_acr": "idporten-loa-substantial",
    }
    values.update(fields)
    return oidc.Provider(**values)


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider(require_nonce=True) as running:
        yield running


def test_the_authorization_request_asks_for_pkce_state_nonce_and_the_level(provider):
    start = oidc.login_start(
        redirect_uri="https://kaaring.example/stem/eid/tilbake/",
        ui_locales="nn",
        provider=provider_for(provider.url),
    )
    url = urlsplit(start.url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{provider.url}/oauth2/authorize"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query == {
        "response_type": "code",
        "client_id": CLIENT,
        "redirect_uri": "https://kaaring.example/stem/eid/tilbake/",
        "scope": "openid",
        "state": start.state,
        "nonce": start.nonce,
        "code_challenge": create_s256_code_challenge(start.code_verifier),
        "code_challenge_method": "S256",
        "acr_values": "idporten-loa-substantial",
        "ui_locales": "nn",
    }
    assert 43 <= len(start.code_verifier) <= 128
    assert start.code_verifier not in start.url


def test_a_login_at_the_provider_gives_the_identity(provider):
    provider.user_set("voter", {"pid": "24079409630", "acr": "idporten-loa-high"})
    config = provider_for(provider.url)
    redirect = "http://testserver/stem/eid/tilbake/"
    start = oidc.login_start(redirect_uri=redirect, provider=config)
    back = parse_qs(urlsplit(provider.authorize(start.url, sub="voter")).query)

    login = oidc.login_finish(
        code=back["code"][0],
        code_verifier=start.code_verifier,
        nonce=start.nonce,
        redirect_uri=redirect,
        provider=config,
    )

    assert login == oidc.VerifiedLogin(identity="24079409630", acr="idporten-loa-high")
    (token_request,) = provider.requests_to("/oauth2/token")
    assert token_request.form["code_verifier"] == [start.code_verifier]
    assert token_request.form["redirect_uri"] == [redirect]
    expected = base64.b64encode(f"{CLIENT}:s3cret".encode()).decode()
    assert token_request.authorization == f"Basic {expected}"
    assert "client_secret" not in token_request.form


def test_it_sends_the_client_secret_in_the_body_when_the_provider_asks_for_that(provider):
    provider.user_set("voter", {"pid": "24079409630", "acr": "idporten-loa-high"})
    config = provider_for(provider.url)
    start = oidc.login_start(redirect_uri="http://testserver/cb", provider=config)
    code = parse_qs(urlsplit(provider.authorize(start.url, sub="voter")).query)["code"][0]
    metadata = dict(oidc.provider_metadata(provider.url))
    metadata["token_endpoint_auth_methods_supported"] = ["client_secret_post", "private_key_jwt"]

    oidc._token_exchange(
        metadata=metadata,
        provider=config,
        code=code,
        code_verifier=start.code_verifier,
        redirect_uri="http://testserver/cb",
    )

    (token_request,) = provider.requests_to("/oauth2/token")
    assert token_request.authorization == ""
    assert token_request.form["client_id"] == [CLIENT]
    assert token_request.form["client_secret"] == ["s3cret"]


def test_a_code_used_twice_is_refused(provider):
    provider.user_set("voter", {"pid": "24079409630", "acr": "idporten-loa-high"})
    config = provider_for(provider.url)
    start = oidc.login_start(redirect_uri="http://testserver/cb", provider=config)
    code = parse_qs(urlsplit(provider.authorize(start.url, sub="voter")).query)["code"][0]
    finish = {
        "code": code,
        "code_verifier": start.code_verifier,
        "nonce": start.nonce,
        "redirect_uri": "http://testserver/cb",
        "provider": config,
    }
    oidc.login_finish(**finish)
    with pytest.raises(oidc.LoginFailed):
        oidc.login_finish(**finish)


def test_the_discovery_document_is_read_once_and_cached(provider):
    config = provider_for(provider.url)
    oidc.login_start(redirect_uri="http://testserver/cb", provider=config)
    oidc.login_start(redirect_uri="http://testserver/cb", provider=config)
    assert len(provider.requests_to("/.well-known/openid-configuration")) == 1


def test_metadata_naming_another_issuer_is_refused(monkeypatch):
    document = {
        "issuer": "https://evil.example",
        "authorization_endpoint": "https://evil.example/authorize",
        "token_endpoint": "https://evil.example/token",
        "jwks_uri": "https://evil.example/jwks",
    }
    monkeypatch.setattr(oidc, "_http", lambda url, **kwargs: (200, document))
    with pytest.raises(oidc.ProviderUnavailable):
        oidc.provider_metadata(ISSUER)


def test_a_provider_that_is_down_is_unavailable():
    with pytest.raises(oidc.ProviderUnavailable):
        oidc.login_start(
            redirect_uri="http://testserver/cb", provider=provider_for(closed_port_url())
        )


def test_a_provider_that_hangs_is_unavailable_after_the_timeout(monkeypatch):
    monkeypatch.setattr(oidc, "HTTP_TIMEOUT", 0.2)
    with silent_server() as url, pytest.raises(oidc.ProviderUnavailable):
        oidc.login_start(redirect_uri="http://testserver/cb", provider=provider_for(url))


def test_it_talks_to_providers_only_over_https_except_on_this_machine():
    with pytest.raises(oidc.ProviderUnavailable):
        oidc.provider_metadata("http://idporten.example")


def test_without_an_issuer_e_id_is_not_configured(settings):
    settings.OIDC_ISSUER = ""
    with pytest.raises(oidc.EidNotConfigured):
        oidc.provider_from_settings()
