"""Production settings for a test's own server process, except that static files are served
from the finders' copies without a ``collectstatic`` manifest (which tests do not build)."""

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
