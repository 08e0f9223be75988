"""Development: debug on, a secret key generated once and kept under var/, mail printed to the console."""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, development_database_url, env_bool, env_list, postgres_databases


def _development_secret_key() -> str:
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The printed admin login works without a phone; STAFF_REQUIRE_2FA=true asks for an app as production does.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", False)
# Tasks run inside the web process, unless TASK_WORKER=true: then they wait in the database for
# `make worker`, as in production.
if env_bool("TASK_WORKER", False):
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DATABASES = postgres_databases(development_database_url())

# The demo site (demo/): its data files, loader and `load_demo`/`setup_site` commands. Never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
