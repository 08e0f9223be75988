"""Search in a real browser: results, no results, and the search box's suggestions by keyboard."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from tests.e2e.conftest import assert_no_axe_violations
from tests.events.factories import make_event, translate_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = {"da": "Forslagsværksted for pædagoger", "en": "Suggestion workshop for educators"}


@pytest.fixture
def searchable(demo_site):
    """An event of our own to find, in both languages."""
    start = timezone.now() + dt.timedelta(days=20)
    event = make_event(
        title=TITLE["da"], slug="forslagsvaerksted", start=start, end=start + dt.timedelta(hours=2)
    )
    translate_event(event, title=TITLE["en"], slug="suggestion-workshop")
    return demo_site


@pytest.mark.parametrize(
    "path,summary",
    [
        ("/s%C3%B8g/?q=p%C3%A6dagogerne", "resultater for “pædagogerne”"),
        ("/en/search/?q=workshops&type=event", "results for “workshops”"),
    ],
)
def test_results_have_no_accessibility_violations(searchable, page, path, summary):
    page.goto(searchable.url + path)
    expect(page.locator(".search-summary")).to_contain_text(summary)
    expect(page.locator(".search-result").first).to_be_visible()
    expect(page.locator(".search-result mark").first).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "path,summary",
    [("/s%C3%B8g/?q=samskabelsse", "0 resultater"), ("/en/search/?q=xqzvw", "0 results")],
)
def test_no_results_have_no_accessibility_violations(demo_site, page, path, summary):
    page.goto(demo_site.url + path)
    expect(page.locator(".search-summary")).to_contain_text(summary)
    expect(page.locator(".search-empty")).to_be_visible()
    assert_no_axe_violations(page)


def test_searching_from_the_header_without_javascript(searchable, browser):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    page.goto(searchable.url + "/")
    page.get_by_label("Søg på sitet").fill("forslagsværkstedet")
    page.get_by_label("Søg på sitet").press("Enter")
    expect(page.locator("h1")).to_have_text("Søg")
    expect(page.locator(".search-result").first).to_be_visible()
    context.close()


def test_suggestions_by_keyboard(searchable, page):
    page.goto(searchable.url + "/")
    box = page.get_by_role("combobox", name="Søg på sitet")
    box.press_sequentially("forslagsværksted for pæd", delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("option").first).to_contain_text(TITLE["da"])
    expect(page.locator(".site-search__status")).to_contain_text("forslag")
    assert_no_axe_violations(page)

    box.press("ArrowDown")
    first = page.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator("h1")).to_have_text(TITLE["da"])
