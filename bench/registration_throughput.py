"""Registrations per second through HTTP with 20 concurrent clients, and list/page requests per second;
with --invoicing, orders per second with an invoice issued for each.

Run by hand on the development database (after `make run` has created it; stop the dev server first):

    .venv/bin/python bench/registration_throughput.py
    .venv/bin/python bench/registration_throughput.py --invoicing

It creates a throw-away free event (capacity 150), serves the site with gunicorn on 127.0.0.1:8765,
sends 300 registrations from 20 threads (each GETs the page for its CSRF cookie, then POSTs the
order form for one participant), checks that exactly 150 are confirmed and 150 wait, then measures
requests per second for the event list and the event page. The event is free, so the orders have no
invoice (issued invoices can never be deleted); the event, its orders and registrations are deleted
afterwards.
Only loopback traffic; every loop is bounded.

--invoicing places 300 orders of one participant each on a paid event with a seat for every one of
them, from 20 threads, through billing.services.orders.place_order (the service behind the order
form) with a company as payer: each
order locks the event, books the seat, takes an invoice number from the locked series and issues
the invoice in its transaction, then sends the participant's e-mail and the booker's with the
invoice PDF (kept in memory, not printed). It checks that the numbers are consecutive with no gap
and no duplicate. Issued invoices can never be deleted (the database refuses it), so this mode
runs in a copy of the development database (CREATE DATABASE … TEMPLATE) that it drops afterwards;
the development data is not touched.
"""

import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
INVOICING = "--invoicing" in sys.argv[1:]
if INVOICING:
    # Thousands of e-mails with PDFs would flood the console; the bench keeps them in memory.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from billing.models import Order  # noqa: E402
from billing.services.orders import Participant, Payer, place_order  # noqa: E402
from events.models import EventIndexPage, EventPage, Registration  # noqa: E402
from tests.billing.factories import prices  # noqa: E402
from tests.events.factories import price_options  # noqa: E402

HOST = "http://127.0.0.1:8765"
CLIENTS = 20
REGISTRATIONS = 300
CAPACITY = 150
VALID_CVR = "13585628"
ORDERS = 300


def make_bench_event() -> EventPage:
    index = EventIndexPage.objects.filter(locale__language_code="da").first()
    start = timezone.now() + dt.timedelta(days=60)
    event = EventPage(
        title="Benchmark-workshop",
        slug=f"benchmark-{int(time.time())}",
        format="workshop",
        summary="Til måling af tilmeldinger.",
        start=start,
        end=start + dt.timedelta(hours=5),
        capacity=CAPACITY,
        price_options=price_options(("Gratis", "0.00")),
        locale=index.locale,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def register(url: str, option_id: str, number: int) -> int:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "booker_name": f"Bench {number}",
        "booker_email": f"bench{number}@example.invalid",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-name": f"Bench {number}",
        "participants-0-email": f"bench{number}@example.invalid",
        "participants-0-price_option": option_id,
        "accept_terms": "on",
    }
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(form).encode(), headers={"Referer": url}
    )
    return opener.open(request, timeout=30).status


def requests_per_second(url: str, seconds: float = 10.0) -> tuple[float, float]:
    deadline = time.monotonic() + seconds
    latencies: list[float] = []

    def worker(_):
        count = 0
        while time.monotonic() < deadline and count < 10_000:
            started = time.perf_counter()
            urllib.request.urlopen(url, timeout=30).read()
            latencies.append(time.perf_counter() - started)
            count += 1

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(worker, range(CLIENTS)))
    return len(latencies) / seconds, statistics.median(latencies) * 1000


def main():
    event = make_bench_event()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "innovatarium.wsgi",
            "--bind",
            "127.0.0.1:8765",
            "--workers",
            "4",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(HOST + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        url = HOST + event.url
        option_id = event.price_options[0].id
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = list(pool.map(lambda n: register(url, option_id, n), range(REGISTRATIONS)))
        elapsed = time.perf_counter() - started
        confirmed = Registration.objects.filter(event=event, status="confirmed").count()
        waiting = Registration.objects.filter(event=event, status="waiting").count()
        print(
            f"registrations: {REGISTRATIONS} in {elapsed:.1f} s = {REGISTRATIONS / elapsed:.1f}/s "
            f"({CLIENTS} clients); statuses {set(statuses)}; confirmed {confirmed}, waiting {waiting}"
        )
        assert confirmed == CAPACITY and waiting == REGISTRATIONS - CAPACITY, "capacity rule broken"
        for name, path in [("event list", event.get_parent().url), ("event page", event.url)]:
            rps, median = requests_per_second(HOST + path)
            print(f"{name}: {rps:.0f} requests/s, median {median:.0f} ms ({CLIENTS} clients)")
    finally:
        server.terminate()
        server.wait(10)
        Order.objects.filter(event=event).delete()
        Registration.objects.filter(event=event).delete()
        event.delete()


def copy_of_the_development_database():
    """Create a copy of the development database and point Django at it; returns a function that
    drops it. The copy is made from the database as a template, so it takes seconds."""
    database = settings.DATABASES["default"]
    source, copy = database["NAME"], f"{database['NAME']}_bench_{os.getpid()}"
    # The same server as Django's (the embedded one listens on a socket under var/), its own database.
    server = {
        name: value
        for name, value in connections["default"].get_connection_params().items()
        if name in ("host", "port", "user", "password", "sslmode")
    }
    server.update(dbname="postgres", autocommit=True)
    connections.close_all()
    with psycopg.connect(**server) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(copy), sql.Identifier(source))
        )
    database["NAME"] = copy

    def drop():
        connections.close_all()
        database["NAME"] = source
        with psycopg.connect(**server) as admin:
            # FORCE: the bench's worker threads may still hold connections to it.
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(copy)))

    return drop


def make_paid_event() -> EventPage:
    index = EventIndexPage.objects.filter(locale__language_code="da").first()
    start = timezone.now() + dt.timedelta(days=60)
    event = EventPage(
        title="Benchmark-kursus",
        slug=f"benchmark-kursus-{int(time.time())}",
        format="workshop",
        summary="Til måling af bestillinger med faktura.",
        start=start,
        end=start + dt.timedelta(hours=5),
        capacity=ORDERS,
        price_options=prices(("Standard", "1500.00", "exempt")),
        locale=index.locale,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def place_one_order(event: EventPage, number: int) -> int:
    payer = Payer(
        booker_name=f"Bench-bestiller {number}",
        booker_email=f"booker{number}@example.invalid",
        payer_type="company",
        payer_name="Bench ApS",
        cvr=VALID_CVR,
        billing_address="Benchvej 1\n5500 Middelfart",
    )
    participant = Participant(
        name=f"Bench {number}",
        email=f"bench{number}@example.invalid",
        price_option_id=event.price_options[0].id,
    )
    return place_order(event, payer, [participant]).invoice.number


def orders_with_invoicing():
    drop = copy_of_the_development_database()
    try:
        event = make_paid_event()
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            numbers = list(pool.map(lambda n: place_one_order(event, n), range(ORDERS)))
        elapsed = time.perf_counter() - started
        confirmed = Registration.objects.filter(event=event, status="confirmed").count()
        print(
            f"orders with invoicing: {ORDERS} in {elapsed:.1f} s = {ORDERS / elapsed:.1f} orders/s "
            f"({CLIENTS} threads, one participant and one invoice each); confirmed {confirmed}, "
            f"invoices {min(numbers)}–{max(numbers)}, e-mails sent {len(mail.outbox)}"
        )
        assert confirmed == ORDERS, "every order has a seat"
        assert sorted(numbers) == list(range(min(numbers), min(numbers) + ORDERS)), (
            "a gap or a duplicate number"
        )
    finally:
        drop()


if __name__ == "__main__":
    orders_with_invoicing() if INVOICING else main()
