"""Requests per second: the listings API (a 50-event page, cold and cached) and the content API page list.

Run by hand on the development database (after `make run` has created it; stop the dev server first):

    .venv/bin/python bench/api_throughput.py [--baseline CHECKOUT]

It creates 50 throw-away events in both languages, serves the site with gunicorn on 127.0.0.1:8766
and measures with 20 concurrent clients for 10 s each:
- listings API, cold: every request asks from another day in the past (the same events), so none is
  served from the cache;
- listings API, cached: the same address every time (answers come from the cache);
- content API: /api/v2/pages/?limit=50, and every field of 50 resources
  (/api/v2/pages/?type=library.ResourcePage&fields=*&limit=50).
With --baseline, a second server runs the code of another checkout (e.g. `git worktree add --detach
../base <commit>`) on 127.0.0.1:8767 against the same database, and the content API's fields=* page
is measured on both in the same run, one after the other.
Only loopback traffic; every loop is bounded. The events are deleted afterwards.
"""

import argparse
import datetime as dt
import itertools
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovatarium.settings.dev")
# The baseline's server (another checkout) uses this checkout's database, media and secret key.
os.environ.setdefault("VAR_DIR", str(BASE_DIR / "var"))

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from wagtail.models import Locale  # noqa: E402

from events.models import EventIndexPage, EventPage  # noqa: E402
from tests.events.factories import price_options  # noqa: E402

HOST = "http://127.0.0.1:8766"
BASELINE_HOST = "http://127.0.0.1:8767"
EVERY_RESOURCE_FIELD = "/api/v2/pages/?type=library.ResourcePage&fields=*&limit=50"
CLIENTS = 20
EVENTS = 50
SLUG_PREFIX = "api-benchmark-"


def make_events() -> list[EventPage]:
    index = EventIndexPage.objects.filter(locale__language_code="da").first()
    english = Locale.objects.get(language_code="en")
    start = timezone.now() + dt.timedelta(days=30)
    events = []
    for number in range(EVENTS):
        event = EventPage(
            title=f"Benchmark-kursusdag {number}",
            slug=f"{SLUG_PREFIX}{number}-{int(time.time())}",
            format="course-day",
            summary="Til måling af API'et.",
            start=start + dt.timedelta(days=number),
            end=start + dt.timedelta(days=number, hours=6),
            capacity=30,
            price_options=price_options(("Standard", "900.00")),
            locale=index.locale,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        translated = event.copy_for_translation(english, copy_parents=True)
        translated.title = f"Benchmark course day {number}"
        translated.save()
        translated.save_revision().publish()
        events.append(event)
    return events


def past_days():
    """Dates from 2000 on, one a request: a different address each time for the same list."""
    for number in itertools.count():
        yield (dt.date(2000, 1, 1) + dt.timedelta(days=number)).isoformat()


def requests_per_second(urls, seconds: float = 10.0, clients: int = CLIENTS) -> tuple[float, float]:
    """urls: an iterator of addresses, shared by the clients. Requests start until `seconds` have
    passed; the rate counts every answer over the time until the last one arrived."""
    started = time.monotonic()
    deadline = started + seconds
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(_):
        count = 0
        while time.monotonic() < deadline and count < 20_000:
            with lock:
                url = next(urls)
            begun = time.perf_counter()
            urllib.request.urlopen(url, timeout=300).read()
            latencies.append(time.perf_counter() - begun)
            count += 1

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    return len(latencies) / (time.monotonic() - started), statistics.median(latencies) * 1000


def serve(checkout: Path, address: str) -> subprocess.Popen:
    """gunicorn serving the code in `checkout` with the benchmark settings, once it answers."""
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "innovatarium.wsgi",
            "--chdir",
            str(checkout),
            "--bind",
            address.removeprefix("http://"),
            "--workers",
            "4",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=checkout,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(address + "/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a checkout of older code to measure side by side")
    arguments = parser.parse_args()
    events = make_events()
    servers = [serve(BASE_DIR, HOST)]
    try:
        if arguments.baseline:
            servers.append(serve(arguments.baseline.resolve(), BASELINE_HOST))
        listing = f"{HOST}/api/listings/v1/events?limit=50&format=course-day"
        body = urllib.request.urlopen(listing, timeout=30).read()
        assert body.count(b'"deleted":false') >= EVENTS, "the page does not hold 50 events"
        for host in (HOST, BASELINE_HOST) if arguments.baseline else (HOST,):
            urllib.request.urlopen(host + EVERY_RESOURCE_FIELD, timeout=120).read()  # renditions made once
        cases = [
            ("listings API, 50 events, cold", (f"{listing}&from={day}" for day in past_days())),
            ("listings API, 50 events, cached", itertools.repeat(listing)),
            ("content API, /api/v2/pages/?limit=50", itertools.repeat(f"{HOST}/api/v2/pages/?limit=50")),
        ]
        for name, urls in cases:
            rps, median = requests_per_second(urls)
            print(f"{name}: {rps:.1f} requests/s, median {median:.0f} ms ({CLIENTS} clients)")
        # Four clients for 20 s: a slow page would otherwise spend the window queued behind the others.
        compared = [("this checkout", HOST)]
        if arguments.baseline:
            compared.append((f"baseline {arguments.baseline}", BASELINE_HOST))
        rates = []
        for name, host in compared:
            rps, median = requests_per_second(itertools.repeat(host + EVERY_RESOURCE_FIELD), 20.0, clients=4)
            rates.append(rps)
            print(f"content API, fields=* of 50 resources, {name}: {rps:.2f}/s, median {median:.0f} ms")
        if len(rates) == 2:
            print(f"content API, every field of 50 resources: {rates[0] / rates[1]:.1f}× the baseline's rate")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
        for event in events:
            for page in EventPage.objects.filter(translation_key=event.translation_key):
                page.delete()


if __name__ == "__main__":
    main()
