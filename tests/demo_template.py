"""The demo site is built once per test run and copied into each parallel worker's database.

Building the test database (every migration, then the demo through Wagtail's publish and
translate path) takes tens of seconds of Python and of PostgreSQL. With one worker per core, every
worker building its own at the start doubles that work; PostgreSQL copies a whole database from a
template in a moment. So the first worker to get here builds its database, demo and snapshot
schema included, and leaves a copy as the template; the others wait for it, then start from a copy.
The template is dropped when the run ends (`pytest_sessionfinish` in tests/conftest.py).
"""

import fcntl
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

RECORD = "demo-template-database"


@contextmanager
def shared_between_workers(run_folder: Path):
    """Hold the run's lock and give the template's name, or None when no worker has built it yet."""
    with open(run_folder / f"{RECORD}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            record = run_folder / RECORD
            yield record.read_text() if record.exists() else None
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def media_folders(run_folder: Path) -> dict[Path, Path]:
    """This worker's media folders, each with where the run keeps the demo's copy of it."""
    return {
        Path(settings.MEDIA_ROOT): run_folder / "demo-media",
        Path(settings.PRIVATE_MEDIA_ROOT): run_folder / "demo-private-media",
    }


def start_from(template: str, run_folder: Path) -> None:
    """Create this worker's test database as a copy of the template (setup_databases reads this),
    and give it the demo's files."""
    connection.settings_dict["TEST"]["TEMPLATE"] = template
    for folder, copy in media_folders(run_folder).items():
        if copy.exists():
            shutil.copytree(copy, folder, dirs_exist_ok=True)


def leave_template(run_folder: Path) -> None:
    """Copy this worker's freshly built database into the run's template."""
    quote = connection.ops.quote_name
    source = connection.settings_dict["NAME"]
    template = f"{source}_template"
    connection.close()  # PostgreSQL copies a database only while nobody is connected to it
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
        cursor.execute(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(source)}")
    for folder, copy in media_folders(run_folder).items():
        if folder.exists():
            shutil.copytree(folder, copy, dirs_exist_ok=True)
    (run_folder / RECORD).write_text(template)


def drop_template(run_folder: Path) -> None:
    record = run_folder / RECORD
    if record.exists():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(record.read_text())}")
        record.unlink()
