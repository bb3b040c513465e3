"""The public ballot log, namespace ``ballotlog`` (views in ``views/ballotlog.py``)."""

from kaaring.public.views.ballotlog import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
