"""The home page and a standard page in a real browser: accessibility, keyboard use, language switch."""

import pytest

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/", "da", "Et hus, hvor praksis og borgere udvikler velfærd sammen"),
        ("/en/", "en", "A house where practitioners and citizens develop welfare together"),
        ("/om-huset/", "da", "Om huset"),
        ("/en/about-the-house/", "en", "About the house"),
        ("/en/accommodation/", "en", "Accommodation"),
        ("/findes-ikke/", "da", "Vi kunne ikke finde siden"),
    ],
)
def test_page_has_no_accessibility_violations(demo_site, page, path, language, heading):
    page.goto(demo_site.url + path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text().strip() == heading
    assert_no_axe_violations(page)


def test_keyboard_user_skips_to_content_and_switches_language(demo_site, page):
    page.goto(demo_site.url + "/om-huset/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible(), "the skip link must show itself when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    english = page.locator('.language-switcher a[hreflang="en"]')
    english.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/about-the-house/")
    assert page.locator("h1").inner_text().strip() == "About the house"


def test_faq_opens_with_the_keyboard(demo_site, page):
    page.goto(demo_site.url + "/om-huset/")
    question = page.locator(".block-accordion summary").first
    answer = page.locator(".accordion-item__answer").first
    assert not answer.is_visible()
    question.focus()
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert "fagprofessionelle" in answer.inner_text()
