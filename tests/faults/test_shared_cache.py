"""The shared cache across real processes: three gunicorn workers count one rate limit together only
with Redis (finding 4), and pages keep working when that Redis dies under them (finding 5)."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.faults.processes import (
    BASE_DIR,
    free_port,
    process_env,
    redis_available,
    redis_server,
    wait_until,
)

pytestmark = [
    pytest.mark.own_servers,
    # The processes read the test database; the marker makes sure it exists.
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_available(), reason="needs redis-server (apt-get install redis-server)"),
]

WORKERS = 3
LIMIT = 10
REQUESTS = 40
WINDOW = 3600
ENDPOINT = "/api/listings/v1/vocabularies/formats"


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own loopback server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Gunicorn:
    """The documented production command: gunicorn innovatarium.wsgi --workers 3."""

    def __init__(self, env: dict, log):
        self.port = free_port()
        # Each worker loads the site itself, some seconds after the first answers; the control test
        # needs all three ready, or one worker takes every request and the fault stays hidden.
        folder = Path(log.name).parent
        self.ready_file = folder / "workers-ready"
        config = folder / "gunicorn_ready.py"
        config.write_text(
            "def post_worker_init(worker):\n"
            f"    with open({str(self.ready_file)!r}, 'a') as ready:\n"
            "        ready.write(f'{worker.pid}\\n')\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "innovatarium.wsgi", "--workers", str(WORKERS)]
            + ["--bind", f"127.0.0.1:{self.port}", "--config", str(config)],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self) -> bool:
        def answers():
            try:
                return status_of(self.url("/healthz")) == 200
            except OSError:
                return False

        def all_workers_loaded():
            return self.ready_file.exists() and len(self.ready_file.read_text().split()) >= WORKERS

        return wait_until(answers, 120, interval=0.5) and wait_until(all_workers_loaded, 120, interval=0.5)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def anonymous_requests_allowed(test_database_url, tmp_path, **env) -> int:
    """How many of REQUESTS anonymous listing requests, sent eight at a time so that every worker
    gets some, three gunicorn workers let through under a limit of LIMIT."""
    settings = process_env(
        DATABASE_URL=test_database_url,
        LISTINGS_API_RATE_LIMIT=LIMIT,
        LISTINGS_API_RATE_WINDOW=WINDOW,
        **env,
    )
    with (tmp_path / "gunicorn.log").open("wb") as log:
        server = Gunicorn(settings, log)
        try:
            assert server.wait_ready(), (tmp_path / "gunicorn.log").read_text()
            if WINDOW - time.time() % WINDOW < 30:  # not across the end of the limit's window
                time.sleep(WINDOW - time.time() % WINDOW + 1)
            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(lambda _n: status_of(server.url(ENDPOINT)), range(REQUESTS)))
        finally:
            server.stop()
    assert set(statuses) <= {200, 429}, statuses
    return statuses.count(200)


def test_three_gunicorn_workers_count_one_limit_in_redis(test_database_url, tmp_path):
    with redis_server() as (redis_url, _process):
        assert anonymous_requests_allowed(test_database_url, tmp_path, REDIS_URL=redis_url) == LIMIT


def test_control_with_a_cache_per_process_each_worker_counts_alone(test_database_url, tmp_path):
    """What production settings now refuse (finding 4): proves the test above can see the fault."""
    allowed = anonymous_requests_allowed(test_database_url, tmp_path, SINGLE_PROCESS="true")
    assert allowed > LIMIT, "with three workers and no shared cache, the limit multiplies"


PAGES_DURING_AN_OUTAGE = """
import json, os, signal, time
import django
django.setup()
from django.test import Client
from django.urls import reverse
from django.utils import translation
from events.models import EventPage

client = Client(raise_request_exception=False)
with translation.override("da"):
    pages = ["/", "/en/", EventPage.objects.live().first().url, reverse("search") + "?q=samskabelse",
             "/api/listings/v1/events", "/healthz"]
    newsletter = reverse("newsletter_signup")

def visit():
    return {page: client.get(page).status_code for page in pages}

before = visit()
os.kill(int(os.environ["REDIS_PID"]), signal.SIGKILL)
time.sleep(0.2)
after = visit()
signup = client.post(newsletter, {"email": "ny@example.dk", "consent": "on"}).status_code
print(json.dumps({"before": before, "after": after, "newsletter": signup}))
"""


def test_pages_keep_working_when_redis_dies(test_database_url):
    with redis_server() as (redis_url, process):
        env = process_env(
            DJANGO_SETTINGS_MODULE="innovatarium.settings.test",
            DATABASE_URL=test_database_url,
            REDIS_URL=redis_url,
            REDIS_PID=process.pid,
        )
        result = subprocess.run(
            [sys.executable, "-c", PAGES_DURING_AN_OUTAGE],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(statuses["before"].values()) == {200}, statuses
    assert statuses["after"] == statuses["before"], "every page still answers without Redis"
    assert statuses["newsletter"] == 429, "the newsletter limit fails closed: it cannot count"
