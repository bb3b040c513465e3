from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from kaaring.public.views import errors, health

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    # ALTCHA's proof-of-work challenges, fetched by the vote form's widget.
    path("altcha/", include("altcha_django.urls")),
]
if settings.SERVE_MEDIA:
    # Nominee images and organisations' logos; in production a front web server may serve
    # MEDIA_ROOT instead.
    urlpatterns.append(
        re_path(
            r"^media/(?P<path>(?:nominees|organisations)/.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

# The public pages and the vote first: they are most of the traffic, and trying them first
# costs the other pages little. Their award segment never matches a first segment the site
# uses itself (``<award:…>``, kaaring/public/converters.py), so the order decides no address.
urlpatterns += i18n_patterns(
    path("", include("kaaring.public.urls")),
    path("", include("kaaring.public.vote_urls")),
    path("konto/", include("allauth.urls")),
    path("backoffice/", include("kaaring.backoffice.urls")),
    path("kommuner/", include("kaaring.public.stats_urls")),
    path("", include("kaaring.public.results_urls")),
    path("", include("kaaring.public.nomination_urls")),
    prefix_default_language=False,
)
