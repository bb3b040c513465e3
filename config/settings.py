"""Kåring's one settings module: everything that differs between machines comes from the
environment (see README, "Running in production"). Development defaults need no service."""

import hashlib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.devenv import dev_env_load
from config.env import (
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_ratelimits,
    env_str,
    env_url,
    secret_key_checked,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Local development file -----------------------------------------------------------------
# var/dev.env (written by `make demo`) fills unset variables, never when SECRET_KEY is in the
# environment, as it is on every production node (config/devenv.py says why).
dev_env_load()

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", default="" if not DEBUG else "dev-only-insecure-key")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Environment variable SECRET_KEY is required (set DEBUG=1 for a development key)."
    )
if not DEBUG:
    secret_key_checked(SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "kaaring.ops",
    "kaaring.accounts",
    "kaaring.audit",
    "kaaring.ratelimits",
    "kaaring.awards",
    "kaaring.municipal_stats",
    "kaaring.voting",
    "kaaring.nominations",
    "kaaring.jury",
    "kaaring.results",
    "kaaring.ballotlog",
    "kaaring.feedback",
    "kaaring.public",
    "kaaring.backoffice",
    "kaaring.scheduler",
    "kaaring.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "altcha_django",
]

MIDDLEWARE = [
    # Request id, /livez /healthz /readyz /metrics, one log line per request (kaaring/ops).
    "kaaring.ops.middleware.OpsMiddleware",
    # Kept edition and nominee pages, answered before the rest (kaaring/public/pagecache.py).
    "kaaring.public.pagecache.KeptPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kaaring" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kaaring.public.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default (the demo needs no other service); PostgreSQL in production.
_database_url = env_url("DATABASE_URL", schemes={"postgres", "postgresql", "sqlite"})
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
        # Parameters are sent apart from the statement text, and a statement run five times on
        # a connection is prepared: PostgreSQL then neither parses the hot statements of a vote
        # again nor plans them afresh (docs/performance.md). A pooler in transaction mode that
        # cannot keep prepared statements (PgBouncer before 1.21, or without
        # max_prepared_statements) needs DATABASE_PREPARED_STATEMENTS=0.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True,
            prepare_threshold=5 if env_bool("DATABASE_PREPARED_STATEMENTS", default=True) else None,
        )
        # Behind a pooler in transaction mode a server-side cursor cannot outlive the
        # transaction the pooler lent the connection for (docs/operations.md, growth).
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = not env_bool(
            "DATABASE_SERVER_SIDE_CURSORS", default=True
        )
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "var" / "kaaring.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once across worker processes; IMMEDIATE
    # transactions take the write lock up front so concurrent writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", default="") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Read replica (kaaring/ops/replica.py, docs/operations.md) --------------------------------
# Public reads that tolerate lag (the statistics pages) go to a streaming-replication standby;
# everything that decides a vote, a result or the embargo reads the primary.
_replica_url = env_url("DATABASE_REPLICA_URL", schemes={"postgres", "postgresql"})
if _replica_url:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL is set, so DATABASE_URL must be PostgreSQL (the primary)."
        )
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    _primary, _standby = DATABASES["default"], DATABASES["replica"]
    if all(_primary.get(k) == _standby.get(k) for k in ("HOST", "PORT", "NAME")):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL names the same server and database as DATABASE_URL; "
            "it must point at a standby (or be unset)."
        )
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # A replica that does not answer must not hold a request for long (the statistics pages
    # then answer 503; the vote never reads it).
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": 3,
    }
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = _primary.get(
        "DISABLE_SERVER_SIDE_CURSORS", False
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["kaaring.ops.replica.ReplicaRouter"]

# --- Cache and rate limits ------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss", "unix"})
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kaaring",
        }
    }
else:
    # Shared by every worker process through the database (allauth's login limits and its
    # guard against reusing a two-factor code must hold across processes).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kaaring_cache",
        }
    }
# Rate limits must hold across worker processes: Redis when configured, else the database.
RATELIMIT_BACKEND = "redis" if REDIS_URL else "database"
RATELIMITS_ENABLED = env_bool("RATELIMITS_ENABLED", default=True)
# "purpose=count/seconds,…": an operator's limits in place of the defaults in
# kaaring/ratelimits/services.py (say, a school that votes together behind one address).
RATELIMIT_OVERRIDES = env_ratelimits("RATELIMIT_OVERRIDES")

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_ADAPTER = "kaaring.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kåring"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kaaring" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kaaring_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "kaaring" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=True)

# --- E-mail ---------------------------------------------------------------------------------
_email_url = env_url("EMAIL_URL", schemes={"smtp", "smtp+tls", "smtps", "console", "locmem"})
if not _email_url and not DEBUG:
    # Without it every mail (vote links, addresses) would be printed to the log.
    raise ImproperlyConfigured(
        "Environment variable EMAIL_URL is required when DEBUG is off, for example "
        "smtp+tls://user:password@smtp.example.no:587."
    )
MAILERS = email_settings(_email_url)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Kåring <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading is a commitment for the whole domain and its subdomains that only the operator can
# make; it is opt-in, so Django's reminder about it (W021) is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "kaaring.public.views.errors.csrf_failure"

# Content Security Policy: everything from our own origin; no inline script.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Logging: no personal data, ever (see docs/decisions/0003-logging.md) -------------------
# One JSON object per line with the request id (kaaring/ops/logs.py); LOG_FORMAT=text for
# readable lines (the default with DEBUG).
LOG_FORMAT = env_str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"Environment variable LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kaaring.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "kaaring.ops.logs.JsonFormatter"},
        "text": {"()": "kaaring.ops.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger prints paths that may carry tokens; warnings and up only.
        "django.request": {"level": "ERROR"},
    },
}

# --- Metrics (kaaring/ops/metrics.py) ------------------------------------------------------
# /metrics answers "Authorization: Bearer <METRICS_TOKEN>", or a direct request (not through a
# proxy) from METRICS_ALLOWED_IPS; nobody else.
METRICS_TOKEN = env_str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env_networks("METRICS_ALLOWED_IPS")
# One line per request (method, view name, status, duration; never the path or an address).
LOG_REQUESTS = env_bool("LOG_REQUESTS", default=True)

# --- The public vote ------------------------------------------------------------------------
# Proxies whose X-Forwarded-For is believed (IPs or CIDRs); empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# ALTCHA proof of work, verified locally; the widget script is served from our own origin.
ALTCHA_HMAC_SECRET = env_str("ALTCHA_HMAC_SECRET", default="") or (
    hashlib.sha256(("altcha:" + SECRET_KEY).encode()).hexdigest()
)
# Deterministic challenges (docs/decisions/0008-proof-of-work.md): the server picks the counter,
# signs the derived key, and verifies a solution with one HMAC instead of re-deriving the key
# in the vote request. The browser's expected work (about 1275 derivations of 1000 PBKDF2
# rounds) equals the library's default (256 x 5000) and is bounded (at most 1700 derivations).
ALTCHA_CHALLENGE = {
    "algorithm": "PBKDF2/SHA-256",
    "cost": env_int("ALTCHA_COST", default=1000, minimum=1000),
    "max_number": env_int("ALTCHA_MAX_NUMBER", default=1700, minimum=100),
}
ALTCHA_CHALLENGE_HMAC_KEY_SECRET = hashlib.sha256(
    ("altcha-key:" + ALTCHA_HMAC_SECRET).encode()
).hexdigest()
ALTCHA_TRUSTED_PROXIES = TRUSTED_PROXIES
ALTCHA_WIDGET_JS_SOURCE = "vendored"
# Challenges are cheap to issue, but each is a try at voting: limited per IP like the vote.
ALTCHA_CHALLENGE_ENDPOINT_RATELIMIT = "kaaring.public.views.vote.altcha_challenge_allowed"
# E-mail votes: how long a confirmation link lives.
VOTE_EMAIL_CONFIRMATION_HOURS = env_int("VOTE_EMAIL_CONFIRMATION_HOURS", default=24, minimum=1)
# Review signals (subnet hash, browser family, timings) are deleted this long after voting closes.
VOTE_SIGNALS_RETENTION_DAYS = env_int("VOTE_SIGNALS_RETENTION_DAYS", default=90, minimum=1)
# Voter e-ID (OpenID Connect; ID-porten in production). Unset issuer: e-ID voting unavailable.
OIDC_ISSUER = env_str("OIDC_ISSUER", default="")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", default="")
OIDC_IDENTITY_CLAIM = env_str("OIDC_IDENTITY_CLAIM", default="sub")
OIDC_REQUIRED_ACR = env_str("OIDC_REQUIRED_ACR", default="")
if OIDC_ISSUER and not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required too."
    )

# --- Nominations ----------------------------------------------------------------------------
# Attachments are private: stored outside the web root, served only to the award's organisers.
NOMINATION_ATTACHMENT_ROOT = Path(
    env_str("NOMINATION_ATTACHMENT_ROOT", default=str(BASE_DIR / "var" / "private"))
)
NOMINATION_LINK_HOURS = env_int("NOMINATION_LINK_HOURS", default=72, minimum=1)

# --- The public ballot log (docs/ballot-log.md) ---------------------------------------------
# How often the scheduler signs a checkpoint of each edition being voted on.
BALLOT_LOG_CHECKPOINT_SECONDS = env_int("BALLOT_LOG_CHECKPOINT_SECONDS", default=60, minimum=1)
# The passphrase of the organisations' signing keys as stored (derived from SECRET_KEY when
# unset; changing it makes the stored keys unusable for signing, so set it once).
BALLOT_LOG_KEY_SECRET = env_str("BALLOT_LOG_KEY_SECRET", default="") or (
    hashlib.sha256(("ballot-log-key:" + SECRET_KEY).encode()).hexdigest()
)
# --- Open data ------------------------------------------------------------------------------
# The licence the organiser publishes the statistics downloads under (docs/open-data.md); the
# codes are those of kaaring.municipal_stats.open_data.LICENCES.
OPEN_DATA_LICENCE = env_str("OPEN_DATA_LICENCE", default="NLOD-2.0")
if OPEN_DATA_LICENCE not in {"NLOD-2.0", "CC-BY-4.0", "CC0-1.0"}:
    raise ImproperlyConfigured(
        f"OPEN_DATA_LICENCE={OPEN_DATA_LICENCE!r} is not a licence Kåring knows; "
        "use NLOD-2.0, CC-BY-4.0 or CC0-1.0."
    )

# --- Kåring ---------------------------------------------------------------------------------
SITE_NAME = _("Kåring")
FEEDBACK_COMMENT_MAX_LENGTH = 1000

# --- Scheduler (kaaring/scheduler) ------------------------------------------------------------
# What `manage.py scheduler` enqueues for the task workers: name -> (every N seconds, task path).
# Slots align on the Unix epoch (daily jobs at 00:00 UTC); each runs once across all nodes.
KAARING_SCHEDULE: dict[str, tuple[int, str]] = {
    "results_close_due": (60, "kaaring.results.tasks.results_close_due_task"),
    "voting_purge_emails": (3600, "kaaring.voting.tasks.email_confirmations_purge_task"),
    "voting_purge_signals": (86400, "kaaring.scheduler.tasks.ballot_signals_purge_task"),
    "nominations_purge": (86400, "kaaring.nominations.tasks.nominations_purge_task"),
    "sessions_clear": (86400, "kaaring.scheduler.tasks.sessions_clear_task"),
}
if "kaaring.ballotlog" in INSTALLED_APPS:
    KAARING_SCHEDULE["ballot_log_checkpoints"] = (
        globals().get("BALLOT_LOG_CHECKPOINT_SECONDS", 60),
        "kaaring.ballotlog.tasks.ballot_log_checkpoints_task",
    )
