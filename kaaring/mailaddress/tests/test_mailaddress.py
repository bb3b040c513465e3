import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kaaring.mailaddress import (
    address_domain,
    address_is_disposable,
    address_normalise,
    disposable_domains,
    domain_is_disposable,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Kari.Nordmann@Example.NO", "kari.nordmann@example.no"),
        ("  kari@example.no  ", "kari@example.no"),
        ("Kari.Nordmann+stem@gmail.com", "karinordmann@gmail.com"),
        ("k.a.r.i@googlemail.com", "kari@gmail.com"),
        ("KARI+a+b@GMAIL.COM", "kari@gmail.com"),
        ("kari+stem@outlook.com", "kari@outlook.com"),
        ("kari.nordmann+x@hotmail.com", "kari.nordmann@hotmail.com"),
        ("kari+x@hotmail.no", "kari@hotmail.no"),
        ("kari+x@icloud.com", "kari@icloud.com"),
        ("kari+x@fastmail.com", "kari@fastmail.com"),
        ("kari+x@proton.me", "kari@proton.me"),
        ("kari+x@protonmail.com", "kari@protonmail.com"),
        # Unknown providers keep +tags and dots: two people may differ only there.
        ("kari+x@example.no", "kari+x@example.no"),
        ("k.ari@example.no", "k.ari@example.no"),
        # One domain, one spelling.
        ("ola@BLÅBÆR.no", "ola@xn--blbr-roah.no"),
        ("ola@example.no.", "ola@example.no"),
    ],
)
def test_addresses_normalise_by_their_providers_rules(typed, normalised):
    assert address_normalise(typed) == normalised


@pytest.mark.parametrize("typed", ["kari.example.no", "@example.no", "kari@", "+stem@gmail.com"])
def test_something_that_names_no_mailbox_is_not_an_address(typed):
    with pytest.raises(ValueError, match="address"):
        address_normalise(typed)


def test_a_domain_that_cannot_be_spelt_is_not_an_address():
    with pytest.raises(ValueError, match="domain"):
        address_normalise("kari@example..no")


# Addresses as people type them: any case, tags, dots, spaces around, Norwegian letters in
# the domain, and the providers whose rules we apply.
_local = st.text(alphabet="abcKARI.+-_0123456789æøå", min_size=1, max_size=20)
_domain = st.one_of(
    st.sampled_from(
        ["gmail.com", "GoogleMail.com", "outlook.com", "HOTMAIL.NO", "icloud.com", "proton.me"]
    ),
    st.from_regex(r"[a-zA-Z0-9æøåÆØÅ]{1,12}\.(no|com|NO)\.?", fullmatch=True),
)
_address = st.builds(
    lambda space, local, domain: f"{space}{local}@{domain}{space}",
    st.sampled_from(["", " ", "\t"]),
    _local,
    _domain,
)


@given(_address)
@example("Kari.Nordmann+stem@GoogleMail.com")
@example("ola@BLÅBÆR.no.")
def test_normalising_twice_changes_nothing(typed):
    try:
        once = address_normalise(typed)
    except ValueError:
        return  # not an address (for example "+tag@gmail.com"): nothing to normalise
    assert address_normalise(once) == once
    assert once == once.strip().lower()
    assert address_domain(once) == once.rpartition("@")[2]


@given(_address)
def test_the_normalised_address_is_disposable_exactly_when_the_typed_one_is(typed):
    try:
        once = address_normalise(typed)
    except ValueError:
        return
    assert address_is_disposable(once) == address_is_disposable(typed)


def test_the_list_of_throw_away_domains_is_the_kept_one_with_thousands():
    assert len(disposable_domains()) > 1000


@pytest.mark.parametrize(
    "domain", ["mailinator.com", "YOPMAIL.com", "guerrillamail.com", "x.y.mailinator.com"]
)
def test_disposable_domains_and_their_subdomains_are_recognised(domain):
    assert domain_is_disposable(domain)


@pytest.mark.parametrize("domain", ["gmail.com", "example.no", "com", "imdi.no", "mailinator.no"])
def test_ordinary_domains_are_not_disposable(domain):
    assert not domain_is_disposable(domain)
