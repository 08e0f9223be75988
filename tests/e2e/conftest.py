"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import datetime as dt
import os
from pathlib import Path

import pytest

from django.utils import timezone

from tests import demo_snapshot
from tests.events.factories import make_event, price_options, translate_event

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    reason = (
        f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
        "(apt-get install chromium, which `make test` does when run as root) or set CHROMIUM_PATH."
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
    page = context.new_page()
    yield page
    # Let the browser's last requests finish before the database is flushed under the live server.
    page.wait_for_load_state("networkidle")
    context.close()


@pytest.fixture
def demo_site(live_server):
    """The demo site served by a live server.

    The live server's thread only sees committed rows, so browser tests use transactional
    databases, which are flushed after each test: the demo site is restored from its snapshot.
    """
    demo_snapshot.restore()
    return live_server


def assert_no_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def events(demo_site):
    """An event of our own that takes registrations at three prices, and one that took place, in both
    languages. (With a single price the form chooses it for the visitor.)"""
    start = timezone.now() + dt.timedelta(days=30)
    coming = make_event(
        title="Tilmelding i browseren",
        slug="tilmelding-i-browseren",
        start=start,
        end=start + dt.timedelta(hours=4),
        capacity=10,
        price_options=price_options(("Standard", "1500.00"), ("Medlem", "1200.00"), ("Studerende", "400.00")),
    )
    coming_en = translate_event(coming, title="Registering in the browser", slug="registering-in-the-browser")
    start = timezone.now() - dt.timedelta(days=30)
    past = make_event(title="En workshop, der har været", start=start, end=start + dt.timedelta(hours=3))
    past_en = translate_event(past, title="A workshop that took place", slug="a-workshop-that-took-place")
    return {
        language: {"event": event.url, "title": event.title, "slug": coming.slug, "past_event": earlier.title}
        for language, event, earlier in (("da", coming, past), ("en", coming_en, past_en))
    }
