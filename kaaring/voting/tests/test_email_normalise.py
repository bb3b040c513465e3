import pytest

from kaaring.voting.email_votes import address_normalise, domain_is_disposable


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


def test_something_without_an_at_sign_is_not_an_address():
    with pytest.raises(ValueError, match="address"):
        address_normalise("kari.example.no")


@pytest.mark.parametrize(
    "domain", ["mailinator.com", "YOPMAIL.com", "guerrillamail.com", "x.y.mailinator.com"]
)
def test_disposable_domains_and_their_subdomains_are_recognised(domain):
    assert domain_is_disposable(domain)


@pytest.mark.parametrize("domain", ["gmail.com", "example.no", "com", "imdi.no", "mailinator.no"])
def test_ordinary_domains_are_not_disposable(domain):
    assert not domain_is_disposable(domain)
