"""The home page and standard pages in a real browser: accessibility, keyboard use, language switch."""

import pytest

from django.utils.html import strip_tags

from home.models import HomePage, StandardPage
from tests.e2e.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def page_with_block(block_type: str, language: str) -> StandardPage:
    """The first of the demo's standard pages in that language with a block of that type."""
    pages = StandardPage.objects.live().filter(locale__language_code=language).order_by("path")
    return next(page for page in pages if any(block.block_type == block_type for block in page.body))


@pytest.mark.parametrize(
    ("which", "language"),
    [
        ("home", "da"),
        ("home", "en"),
        ("accordion", "da"),
        ("accordion", "en"),
        ("table", "en"),
        ("image", "da"),
        ("image", "en"),
        ("missing", "da"),
    ],
)
def test_page_has_no_accessibility_violations(demo_site, page, which, language):
    if which == "home":
        home = HomePage.objects.get(locale__language_code=language)
        path, heading = home.url, home.hero_heading
    elif which == "missing":
        path, heading = "/findes-ikke/", "Vi kunne ikke finde siden"
    else:
        standard = page_with_block(which, language)
        path, heading = standard.url, standard.title
    page.goto(demo_site.url + path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text().strip() == heading
    assert_no_axe_violations(page)


def test_keyboard_user_skips_to_content_and_switches_language(demo_site, page):
    danish = page_with_block("accordion", "da")
    english = danish.get_translation(HomePage.objects.get(locale__language_code="en").locale)
    page.goto(demo_site.url + danish.url)
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible(), "the skip link must show itself when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    switch = page.locator('.language-switcher a[hreflang="en"]')
    switch.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{english.url}")
    assert page.locator("h1").inner_text().strip() == english.title


def test_faq_opens_with_the_keyboard(demo_site, page):
    standard = page_with_block("accordion", "da")
    accordion = next(block for block in standard.body if block.block_type == "accordion")
    first_answer = strip_tags(accordion.value["items"][0]["answer"].source)
    page.goto(demo_site.url + standard.url)
    question = page.locator(".block-accordion summary").first
    answer = page.locator(".accordion-item__answer").first
    assert not answer.is_visible()
    question.focus()
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert " ".join(first_answer.split()[:3]) in answer.inner_text()
