"""The ALTCHA widget's stylesheet and worker, served from our origin, match the installed widget.

An upgrade of altcha-django that changes them makes this fail: regenerate the copies with
``python -m kaaring.public.altcha_assets`` and check the vote page in a browser.
"""

from kaaring.public.altcha_assets import expected_files


def test_the_static_copies_match_the_installed_widget() -> None:
    for path, text in expected_files().items():
        assert path.read_text() == text, f"{path.name} is out of date"
