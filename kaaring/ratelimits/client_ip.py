"""The client's IP address and its subnet, for rate limits and review signals.

``REMOTE_ADDR`` is the client unless it is one of ``settings.TRUSTED_PROXIES``; only then is
``X-Forwarded-For`` read, from the right, skipping the trusted proxies, so that a client cannot
pick its own address by sending the header. The address itself is never stored: rate limits
hash it, and ballots keep only a keyed hash of its subnet (/24 for IPv4, /48 for IPv6).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> str:
    """The client's address as text ("" if it cannot be told)."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not trusted or not any(remote in net for net in trusted):
        return str(remote)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a garbled hop: trust nothing further left
        if not any(address in net for net in trusted):
            return str(address)
        remote = address
    return str(remote)


def subnet_of(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of ``ip`` as text ("" if ``ip`` is not an IP)."""
    address = _parse(ip)
    if address is None:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
