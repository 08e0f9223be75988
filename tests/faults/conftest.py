"""The databases the fault tests' processes use: the test database with the demo site committed, and
a PostgreSQL cluster per test module, with a copy of it, that the tests may restart."""

import shutil
import tempfile
from pathlib import Path

import pytest

from django.db import connection

from tests import demo_snapshot
from tests.faults.processes import ThrowawayPostgres


def _url_of(settings_dict: dict) -> str:
    host = settings_dict["HOST"] or settings_dict["OPTIONS"].get("host", "")
    port = settings_dict["PORT"] or "5432"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    query = f"?host={host}" if host.startswith("/") else ""
    server = "" if query else f"{host}:{port}"
    return f"postgresql://{settings_dict['USER']}{password}@{server}/{settings_dict['NAME']}{query}"


@pytest.fixture(scope="module")
def test_database_url(django_db_setup, django_db_blocker) -> str:
    """The test database, holding the demo site for processes that only read it."""
    with django_db_blocker.unblock():
        demo_snapshot.restore()  # a transactional test that ran before may have emptied it
    return _url_of(connection.settings_dict)


@pytest.fixture(scope="module")
def throwaway_postgres(test_database_url):
    # Outside pytest's private temporary folders, which the server's own system user (when the tests
    # run as root) cannot enter; short, because PostgreSQL's socket lives in the data directory.
    folder = Path(tempfile.mkdtemp(prefix="faultpg-"))
    folder.chmod(0o755)
    server = ThrowawayPostgres(folder / "data")
    try:
        server.copy_in(test_database_url)
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
