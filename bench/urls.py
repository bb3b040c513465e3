"""The project's URLs plus ``/_bench/hello``: the smallest response the project can give,
through the same middleware, server and workers as every other page."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from config import urls as project

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path("_bench/hello", hello)]
urlpatterns += project.urlpatterns
