"""The API at /api/v1/: one NinjaAPI, its routers, and the rules every answer obeys."""

from ninja import NinjaAPI

from kaaring.api import envelope, public
from kaaring.api.docs import VendoredSwagger
from kaaring.api.http import api_rules

api = NinjaAPI(
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

urlpatterns = api.urls[0]
# The instance namespace Ninja reverses its own URLs in (the docs page finds the schema).
app_name = api.urls_namespace
