"""Each public-site test starts with no kept pages (``kaaring.public.pagecache``): the pages a
worker keeps are correct across tests anyway (every edition gets a random content version), but
a test that counts queries must see the page rendered, not a copy checked and found outdated."""

from collections.abc import Iterator

import pytest

from kaaring.public import pagecache


@pytest.fixture(autouse=True)
def _no_kept_pages() -> Iterator[None]:
    pagecache.forget_all()
    yield
    pagecache.forget_all()
