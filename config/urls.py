from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from kaaring.ops.unavailable import server_error_handler
from kaaring.public.context_processors import site
from kaaring.public.views import errors


def media(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """A stored upload, read from MEDIA_ROOT as it is when the request comes."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
# A database or Redis that cannot be reached: 503 with Retry-After; anything else: 500.
# (/livez, /healthz, /readyz and /metrics are answered by kaaring.ops.middleware.)
handler500 = server_error_handler(fallback=errors.server_error, context=site)

urlpatterns: list[URLPattern | URLResolver] = [
    path("django-admin/", admin.site.urls),
    # ALTCHA's proof-of-work challenges, fetched by the vote form's widget.
    path("altcha/", include("altcha_django.urls")),
    # The JSON API with its OpenAPI description (kaaring/api, docs/api.md).
    path("api/v1/", include("kaaring.api.urls")),
]
if settings.SERVE_MEDIA:
    # Nominee images and organisations' logos; in production a front web server may serve
    # MEDIA_ROOT instead.
    urlpatterns.append(re_path(r"^media/(?P<path>(?:nominees|organisations)/.*)$", media))

# The public site first: it is most of the traffic, and trying it first costs the other pages
# little (kaaring/public/urls.py says why the order decides no address).
urlpatterns += i18n_patterns(
    path("", include("kaaring.public.urls")),
    path("konto/", include("allauth.urls")),
    path("backoffice/", include("kaaring.backoffice.urls")),
    prefix_default_language=False,
)
