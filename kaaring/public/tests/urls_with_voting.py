"""The site's URLs plus stand-ins for the vote flow (issue 3) and statistics (issue 5)."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site_patterns


def _stand_in(request: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("stand-in")


voting = ([path("stem/<slug:award>/<int:year>/<slug:nominee>/", _stand_in, name="start")], "voting")
stats = ([path("statistikk/<str:number>/", _stand_in, name="municipality")], "stats")

urlpatterns = [path("", include(voting)), path("", include(stats)), *site_patterns]
