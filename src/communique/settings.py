"""The one settings module: every knob is an environment variable with a safe default."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from communique.email_url import email_settings

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _data_dir() -> Path:
    """The folder of the database, the secret key and media: always given, never guessed.

    A default relative to the working folder would let a service started elsewhere create a
    new empty database and a new secret key without a word (`make demo` passes ./data).
    """
    if not (given := os.environ.get("COMMUNIQUE_DATA_DIR", "").strip()):
        raise ImproperlyConfigured(
            "Set COMMUNIQUE_DATA_DIR to the folder that holds this site's database, secret key "
            "and media, for example COMMUNIQUE_DATA_DIR=/srv/communique/data (make demo uses "
            "./data). See docs/configuration.md."
        )
    return Path(given).resolve()


DATA_DIR = _data_dir()


def _secret_key() -> str:
    """Use SECRET_KEY if set; otherwise generate one on first run and keep it in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting together must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "communique.newsroom",
    "communique.editorial",
    "communique.comments",
    "communique.accounts",
    "communique.search",
    "communique.distribution",
    "communique.api",
    # django-ninja's own templates and static files: the API's docs page needs no CDN.
    "ninja",
    "communique.importers",
    "communique.delivery",
    "communique.publishing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a page served from it carries the policy too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything that reads the database: a cached page costs one cache read.
    "communique.newsroom.page_cache.PageCacheMiddleware",
    # Inside the page cache, so it sees the API's "private" and leaves its answers alone.
    "communique.api.middleware.ApiHeadersMiddleware",
    "communique.newsroom.middleware.EnabledLanguagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "communique.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its answer.
    "axes.middleware.AxesMiddleware",
]

# Staff sign-in: throttled with lock-out (django-axes), two factors where set up (django-otp).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("COMMUNIQUE_SIGN_IN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("COMMUNIQUE_SIGN_IN_LOCKOUT_MINUTES", "15"))
)
# A name and an address together: a stranger's guesses cannot lock an editor out everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "communique.accounts.selectors.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Communiqué"
# Nobody reads another person's authenticator secret in the admin (its pages then answer 403,
# never a 500 for an id that is not there).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# How long a staff session lasts without signing in again (seconds; default 12 hours).
SESSION_COOKIE_AGE = int(os.environ.get("COMMUNIQUE_SESSION_SECONDS", str(12 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("COMMUNIQUE_SESSION_ENDS_WITH_BROWSER")

ROOT_URLCONF = "communique.urls"
WSGI_APPLICATION = "communique.wsgi.application"

TEMPLATES = [
    {
        # Public pages: Jinja2 renders a release page several times faster than Django templates.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "communique.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.csrf",
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "communique.newsroom.context_processors.site",
            ],
            "autoescape": True,
            "auto_reload": DEBUG,
        },
    },
    {
        # The admin keeps Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'communique.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers queue behind one another instead of failing with "database is locked";
            # IMMEDIATE takes the write lock at BEGIN, so number allocation never deadlocks.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages' own queries (newsroom/prepared.py) are prepared on the server after their
    # first five runs on a connection, and planned once; Django prepares nothing by default, for
    # the sake of poolers that cannot keep a prepared statement (PgBouncer before 1.21 in
    # transaction mode): COMMUNIQUE_PREPARED_STATEMENTS=0 behind one of those.
    if os.environ.get("COMMUNIQUE_PREPARED_STATEMENTS", "1") != "0":
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)

if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Treats a stopped or slow Redis as a miss (communique/cache.py): readers get
            # pages rendered without it and writes go on.
            "BACKEND": "communique.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "communique",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    # Files in the data folder: shared by `communique serve` and the background worker, so a
    # page the worker publishes is dropped from the page cache the server reads.
    CACHES = {
        "default": {
            "BACKEND": "communique.cache.ResilientFileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "KEY_PREFIX": "communique",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface languages Communiqué ships; an organisation enables a subset of them.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("ru", _("Russian")),
    ("uz", _("Uzbek")),
]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
# The calendar package is plain Python; its browser script is served as calendar/header_date.js.
STATICFILES_DIRS = [("calendar", BASE_DIR / "calendar" / "js")]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up without it
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the apps' static folders, so `communique serve` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Locked-down defaults. HTTPS=1 turns on everything an HTTPS site needs at once: redirects to
# HTTPS, HTTPS-only cookies and HSTS (a year, subdomains, preload), so that
# `communique check --deploy` is clean in the production setup of docs/deployment.md.
HTTPS = env_bool("HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
# nginx serves /media/ in production (BEHIND_PROXY); the embedded default serves it itself.
COMMUNIQUE_SERVE_MEDIA = not env_bool("BEHIND_PROXY")

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts and images
# from the site itself; an inline script or style only with the response's nonce
# (`request.csp_nonce`); no framing. The public pages carry no inline script at all (the
# header's month table is a JSON data block), so a cached page needs no nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# E-mail (docs/configuration.md): smtp://user:password@host:port (?tls=1 or ?ssl=1), or
# file (the default: each message a file in the data folder's mail/, listed in the admin's
# outbox), console, memory.
globals().update(
    email_settings(os.environ.get("EMAIL_URL", "file"), default_folder=DATA_DIR / "mail")
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "communique@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "one_line_refusals": {"()": "communique.log.OneLineRefusals"},
        "quiet_internal_not_found": {"()": "communique.log.QuietInternalNotFound"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["one_line_refusals", "quiet_internal_not_found"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background work (scheduled publication): the database backend of django-tasks, run by
# `communique worker` (which also publishes whatever is due every minute and outlives a lost
# database connection); `communique publish-due` does the same once, from a timer.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Communiqué's own defaults; the Organisation row overrides them per site.
COMMUNIQUE_PAGE_SIZE = int(os.environ.get("COMMUNIQUE_PAGE_SIZE", "20"))
# Readers' pages are served from the cache for up to this long, and dropped at once by any
# newsroom write (0 turns the page cache off).
COMMUNIQUE_PAGE_CACHE_SECONDS = int(os.environ.get("COMMUNIQUE_PAGE_CACHE_SECONDS", "300"))
# The front layer (communique/front.py) asks the cache for the page generation at most this
# often (seconds): a change made by another process reaches this process's front layer up
# to that much later (Django's own page cache sees it at once). 0 asks on every request,
# which costs a cache round trip per page served.
COMMUNIQUE_FRONT_VERSION_SECONDS = float(os.environ.get("COMMUNIQUE_FRONT_VERSION_SECONDS", "0.05"))
# Knobs of the apps, each read by the app's own conf module where its default lives
# (communique/comments/conf.py, communique/newsroom/media.py): set here only from the
# environment, so a default is written once.
_APP_SETTINGS = [
    "COMMUNIQUE_COMMENTS_CLOSE_AFTER_DAYS",
    "COMMUNIQUE_COMMENTS_IP_RETENTION_DAYS",
    # REMOTE_ADDR, or HTTP_X_REAL_IP behind nginx.
    "COMMUNIQUE_COMMENTS_CLIENT_ADDRESS_HEADER",
    "COMMUNIQUE_MAX_IMAGE_BYTES",
    "COMMUNIQUE_MAX_ATTACHMENT_BYTES",
    # The JSON API (communique/api/conf.py, docs/api.md).
    "COMMUNIQUE_API_CORS_ORIGINS",
    "COMMUNIQUE_API_RATE_LIMIT",
    "COMMUNIQUE_API_ANONYMOUS_RATE_LIMIT",
    "COMMUNIQUE_API_RATE_WINDOW",
    "COMMUNIQUE_API_CLIENT_ADDRESS_HEADER",
    "COMMUNIQUE_API_PAGE_SIZE",
    # Webhooks (communique/delivery/webhooks/conf.py, docs/webhooks.md); the site's public
    # address is also the e-mails'.
    "COMMUNIQUE_SITE_URL",
    "COMMUNIQUE_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES",
    "COMMUNIQUE_WEBHOOKS_TIMEOUT_SECONDS",
    "COMMUNIQUE_WEBHOOKS_RETRY_FOR_SECONDS",
    "COMMUNIQUE_WEBHOOKS_FIRST_RETRY_SECONDS",
    "COMMUNIQUE_WEBHOOKS_MAX_RETRY_SECONDS",
    "COMMUNIQUE_WEBHOOKS_BATCH_SIZE",
    # Subscriptions and e-mail (communique/delivery/mail/conf.py, docs/configuration.md).
    "COMMUNIQUE_MAIL_DIGEST_TIME",
    "COMMUNIQUE_MAIL_BATCH_SIZE",
    "COMMUNIQUE_MAIL_CLIENT_ADDRESS_HEADER",
    # Published files, the page cache's headers, purges (communique/publishing/conf.py,
    # docs/deployment.md).
    "COMMUNIQUE_PUBLISHED_DIR",
    "COMMUNIQUE_PUBLISH_FILES",
    "COMMUNIQUE_CACHE_CONTROL",
    "COMMUNIQUE_PURGE_BACKEND",
    "COMMUNIQUE_PURGE_URL",
    "COMMUNIQUE_PAGE_MAP",
]
globals().update({name: os.environ[name] for name in _APP_SETTINGS if name in os.environ})
