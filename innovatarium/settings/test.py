"""Tests: fast password hashing, immediate tasks, captured mail, plain static files."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import development_database_url, postgres_databases

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The webhook tests' receiver listens on 127.0.0.1; the guard's own tests turn this off.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
# Admin tests sign in with force_login; the second factor's own tests turn this on (tests/staff_security).
STAFF_REQUIRE_2FA = False

# Renditions and uploads made by tests go to a throw-away folder, not the development media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="innovatarium-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="innovatarium-test-private-"))
EINVOICE_OUTBOX_DIR = Path(tempfile.mkdtemp(prefix="innovatarium-test-einvoices-"))

DATABASES = postgres_databases(development_database_url(tests=True))
# On any server, the tests' commits need not wait for the disk (a setting of the session alone).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

# The demo site (demo/): its data files, loader and `load_demo`/`setup_site` commands. Never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

# Parallel test workers (pytest-xdist) share one Redis server; each gets its own database, counted
# down from the configured one, so a worker's cache.clear() never wipes another worker's counters.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and "LOCATION" in CACHES["default"]:  # noqa: F405
    _redis = urlsplit(CACHES["default"]["LOCATION"])  # noqa: F405
    _database = int(_redis.path.strip("/") or 0) - int(_worker[2:])
    if _database < 0:
        raise ImproperlyConfigured("Too many test workers for the Redis databases below REDIS_URL's.")
    CACHES["default"]["LOCATION"] = urlunsplit(_redis._replace(path=f"/{_database}"))  # noqa: F405
