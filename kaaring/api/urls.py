"""The API at /api/v1/: one NinjaAPI, its routers, and the rules every answer obeys."""

from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from kaaring.api import envelope, organiser, public
from kaaring.api.docs import VendoredSwagger
from kaaring.api.http import api_rules, enveloped, no_route


class Utf8Renderer(JSONRenderer):
    # Norwegian letters as themselves (Bærum), not as \u escapes: the same JSON, easier to read.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8Renderer(),
    title="Kåring API",
    version="1",
    urls_namespace="api-v1",
    # For developers, so in English like the code; the messages of answers are translated.
    description=(
        "Open data about awards, editions, nominees, results and municipal statistics, and an "
        "API for organisers with a token. Errors share one envelope: {code, message, fields}; "
        "messages follow Accept-Language (nb, nn, en). See docs/api.md."
    ),
    docs=VendoredSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
envelope.install(api)
api.add_decorator(api_rules, mode="view")
api.add_router("", public.router)
api.add_router("/organiser", organiser.router)


def _enveloped(pattern: URLPattern | URLResolver) -> URLPattern:
    if not isinstance(pattern, URLPattern):  # Ninja makes no nested resolvers
        raise TypeError("Unexpected URL resolver in the API's patterns.")
    return URLPattern(
        pattern.pattern, enveloped(pattern.callback), pattern.default_args, pattern.name
    )


urlpatterns = [
    *(_enveloped(p) for p in api.urls[0]),
    re_path(r"^(?P<rest>.*)$", no_route),
]
# The instance namespace Ninja reverses its own URLs in (the docs page finds the schema).
app_name = api.urls_namespace
