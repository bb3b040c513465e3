"""Which address is the client's, and what of it is kept."""

import pytest
from django.test import RequestFactory, override_settings

from kaaring.public.client_ip import client_ip, subnet_of


def _ip(remote: str, forwarded: str | None = None) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_forwarded_header_is_ignored() -> None:
    assert _ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_trusted_proxy_passes_on_the_address_it_saw() -> None:
    assert _ip("10.0.0.2", "203.0.113.9") == "203.0.113.9"
    # A client cannot put an address of its choice in front: the rightmost untrusted one counts.
    assert _ip("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.5") == "203.0.113.9"
    # An untrusted sender's header is ignored.
    assert _ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    # A garbled hop stops the walk at the last trusted address.
    assert _ip("10.0.0.2", "nonsense") == "10.0.0.2"


def test_ipv4_mapped_addresses_count_as_ipv4() -> None:
    assert _ip("::ffff:198.51.100.7") == "198.51.100.7"


@pytest.mark.parametrize(
    ("ip", "subnet"),
    [
        ("198.51.100.7", "198.51.100.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("not an address", ""),
    ],
)
def test_the_subnet_is_the_24_or_48_network(ip: str, subnet: str) -> None:
    assert subnet_of(ip) == subnet
