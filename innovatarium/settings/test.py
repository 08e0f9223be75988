"""Tests: fast password hashing, immediate tasks, captured mail, plain static files."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import development_database_url, postgres_databases

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Renditions and uploads made by tests go to a throw-away folder, not the development media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="innovatarium-test-media-"))

DATABASES = postgres_databases(development_database_url())
