"""E-mail addresses as Kåring compares them: one spelling per mailbox, throw-away domains known.

Shared by every feature that takes an address from the public (the e-mail vote, nominations'
links, the review of e-mail domains). Nothing here touches the database or knows of HTTP.

Normalisation, for rules such as "one vote per address" (mail still goes to the address as
typed):

- Surrounding whitespace is dropped and the whole address is lowercased (no major provider
  treats the local part as case-sensitive); the domain is converted to its IDNA (punycode) form,
  without a trailing dot, so that one domain has one spelling.
- ``googlemail.com`` is ``gmail.com``; for Gmail, dots in the local part are ignored and
  everything from the first ``+`` is dropped (Gmail delivers all these to one mailbox).
- For providers that deliver ``name+anything@`` to ``name@`` (``PLUS_TAG_DOMAINS``: Microsoft
  Outlook/Hotmail/Live/MSN, Apple iCloud, Fastmail, Proton), everything from the first ``+``
  is dropped. Dots are kept: these providers treat them as part of the name.
- Any other domain is kept as typed (lowercased): we cannot know its rules, and merging two
  real people's addresses would refuse a legitimate vote.

Throw-away ("disposable") domains come from the ``disposable-email-domains`` package, the
community-kept blocklist (thousands of domains, CC0), updated with the dependency rather than
by hand; a subdomain of a listed domain counts as listed.
"""

import functools

from disposable_email_domains import blocklist

GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
PLUS_TAG_DOMAINS = frozenset(
    {
        # Microsoft consumer mail
        "outlook.com", "hotmail.com", "live.com", "msn.com", "outlook.no", "hotmail.no",
        "live.no",
        # Apple iCloud Mail
        "icloud.com", "me.com", "mac.com",
        # Fastmail
        "fastmail.com", "fastmail.fm",
        # Proton Mail
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
    }
)  # fmt: skip


def _split(address: str) -> tuple[str, str]:
    local, _, domain = address.strip().rpartition("@")
    if not local or not domain:
        raise ValueError("not an e-mail address")
    try:
        domain = domain.lower().rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError("not an e-mail domain") from None
    if not domain:
        raise ValueError("not an e-mail domain")
    return local.lower(), domain


def address_domain(address: str) -> str:
    """The address's domain in its one spelling (lowercase IDNA); ``ValueError`` if none."""
    return _split(address)[1]


def address_normalise(address: str) -> str:
    """The address as one-per-mailbox rules see it (rules in the module docstring).
    ``ValueError`` for something that is not an address."""
    local, domain = _split(address)
    if domain in GMAIL_DOMAINS:
        local, domain = local.split("+", 1)[0].replace(".", ""), "gmail.com"
    elif domain in PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if not local:  # "+tag@gmail.com": no mailbox left
        raise ValueError("not an e-mail address")
    return f"{local}@{domain}"


@functools.cache
def disposable_domains() -> frozenset[str]:
    return frozenset(domain.strip().lower() for domain in blocklist if domain.strip())


def domain_is_disposable(domain: str) -> bool:
    """True for a listed domain and for any subdomain of one (``x.mailinator.com``)."""
    listed = disposable_domains()
    parts = domain.lower().rstrip(".").split(".")
    return any(".".join(parts[i:]) in listed for i in range(len(parts) - 1))


def address_is_disposable(address: str) -> bool:
    """True when the address's domain is a throw-away service; ``ValueError`` if no address."""
    return domain_is_disposable(address_domain(address))
