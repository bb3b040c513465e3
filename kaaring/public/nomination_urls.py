"""The public nomination form, namespace ``nominations`` (views in ``views/nominations.py``)."""

import kaaring.public.converters  # noqa: F401 - registers <year:…> and <award:…>
from kaaring.public.views.nominations import urlpatterns as urlpatterns

app_name = "nominations"
