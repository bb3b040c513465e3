"""The browsable API docs (Swagger UI), served from our own origin under our CSP.

Ninja's own docs page loads its assets from a CDN unless Ninja is an installed app; ours
uses the copy ``scripts/assets.sh`` vendors from npm, and starts it from a static file
(``api/docs.js``) rather than an inline script, so the site's policy needs no exception.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        return render(
            request,
            "api/docs.html",
            {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)},
        )
