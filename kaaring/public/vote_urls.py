"""The public vote, namespace ``voting``: one module of views per verification mode.

Shared steps (finding the edition and nominee, casting, the confirmation page, refusals) are
in ``views/vote_common.py``; ``views/vote.py`` is the start page and the open mode,
``views/vote_email.py`` the e-mail mode, ``views/vote_eid.py`` the e-ID mode, and
``views/vote_share.py`` the embeddable button.
"""

from django.urls import path

import kaaring.public.converters  # noqa: F401 - registers <year:…> and <award:…>
from kaaring.public.views import vote, vote_common, vote_eid, vote_email, vote_share

app_name = "voting"
urlpatterns = [
    path("<award:award>/<year:year>/stem/takk/", vote_common.done, name="done"),
    *vote.urlpatterns,
    *vote_email.urlpatterns,
    *vote_eid.urlpatterns,
    *vote_share.urlpatterns,
]
