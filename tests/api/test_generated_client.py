"""A client generated from the served OpenAPI document with openapi-python-client (no warnings)
keeps a mirror exact: a first load and an incremental sync, against a live server."""

import datetime as dt
import importlib
import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from events.models import EventPage
from tests import demo_snapshot
from tests.api.conftest import LISTINGS, NOW, course_day, empty_event_index, make_vocabularies
from tests.events.factories import publish

pytestmark = pytest.mark.django_db(transaction=True)
PACKAGE = "innovatarium_listings"


@pytest.fixture
def index(transactional_db):
    demo_snapshot.restore()  # transactional tests start from a flushed database
    make_vocabularies()
    return empty_event_index()


def generate(document_url: str, folder: Path):
    (folder / "openapi.json").write_bytes(urllib.request.urlopen(document_url).read())  # noqa: S310 (loopback)
    (folder / "config.json").write_text(
        json.dumps({"post_hooks": [], "project_name_override": PACKAGE, "package_name_override": PACKAGE})
    )
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(  # noqa: S603 (our own virtualenv's tool, fixed arguments)
        [generator, "generate", "--path", "openapi.json", "--output-path", PACKAGE, "--meta", "none"]
        + ["--config", "config.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = (result.stdout + result.stderr).lower()
    assert "warning" not in output and "error" not in output, output
    sys.path.insert(0, str(folder))
    try:
        return (
            importlib.import_module(f"{PACKAGE}.client"),
            importlib.import_module(f"{PACKAGE}.api.events.list_events"),
            importlib.import_module(f"{PACKAGE}.models"),
        )
    finally:
        sys.path.remove(str(folder))


def load(list_events, client, when, since=None) -> tuple[list, str]:
    """Every page, following next by its cursor; returns the records and the first page's sync_token."""
    records, cursor, token = [], None, None
    for _page in range(20):
        page = list_events.sync(client=client, when=when, limit=2, since=since or None, cursor=cursor)
        assert page is not None and not hasattr(page, "status"), page
        token = token or page.sync_token
        records += page.results
        if not page.next_:
            return records, token
        cursor = parse_qs(urlsplit(page.next_).query)["cursor"][0]
    raise AssertionError("more pages than expected")


def apply(mirror: dict, records, tombstone_class) -> None:
    for record in records:
        if isinstance(record, tombstone_class):
            mirror.pop(record.id, None)
        else:
            mirror[record.id] = record.to_dict()


def test_a_generated_client_syncs_a_mirror_equal_to_a_full_load(live_server, index, tmp_path):
    for module in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[module]
    client_module, list_events, models = generate(f"{live_server.url}{LISTINGS}/openapi.json", tmp_path)
    when = models.ListEventsWhen.ALL
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        changed, removed, _untouched = course_day(1), course_day(2), course_day(3)
    client = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    records, token = load(list_events, client, when)
    mirror: dict = {}
    apply(mirror, records, models.Tombstone)
    assert len(mirror) == 3

    changed.title = "Kursusdag, rettet"
    publish(changed)
    for page in EventPage.objects.filter(translation_key=removed.translation_key):
        page.unpublish()
    course_day(4)
    changes, _next_token = load(list_events, client, when, since=token)
    assert any(isinstance(record, models.Tombstone) for record in changes)
    apply(mirror, changes, models.Tombstone)

    fresh: dict = {}
    apply(fresh, load(list_events, client, when)[0], models.Tombstone)
    assert mirror == fresh
    assert mirror[str(changed.translation_key)]["title"]["da"] == "Kursusdag, rettet"
