"""Production: every secret from the environment, secure cookies and headers, refuses to start when unsafe."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list, postgres_databases


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on in production.")

# Never the embedded development server: production names its database explicitly.
DATABASES = postgres_databases(_required("DATABASE_URL"))
SECRET_KEY = _required("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
if not STAFF_REQUIRE_2FA:  # noqa: F405
    raise ImproperlyConfigured("STAFF_REQUIRE_2FA must not be off in production: staff see personal data.")
if WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:  # noqa: F405
    raise ImproperlyConfigured(
        "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES must not be on in production: a partner's webhook address could "
        "then reach the database, the cache or other services inside the network."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated host names).")

# The rate limits count in the cache. A cache in each process's memory lets every gunicorn worker
# count alone, which multiplies every limit by the number of workers: only one process may do without.
if not os.environ.get("REDIS_URL") and not env_bool("SINGLE_PROCESS", False):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production, so that every process counts the rate limits in one shared "
        "cache. Set SINGLE_PROCESS=true instead only when the site runs as one process (one gunicorn "
        "worker, one server)."
    )

# Behind a TLS-terminating proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/worker)?$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# WhiteNoise serves the collected static files right after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAGTAILADMIN_BASE_URL = _required("WAGTAILADMIN_BASE_URL")
