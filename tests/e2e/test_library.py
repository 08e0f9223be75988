"""The library in a real browser: facets without JavaScript, keyboard use, accessibility, the method card."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations
from tests.library.factories import attach_file, library_index, make_resource, theme, translate_resource

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STEP_TEXT = (
    "<p>Alle skriver i stilhed i tre minutter, derefter deler I på skift"
    " og bygger videre på hinandens idéer.</p>"
)


def method_and_case():
    """A method with many steps and a case that uses it, in Danish and English."""
    steps = json.dumps(
        [
            {"type": "step", "value": {"title": f"Trin {number}", "text": STEP_TEXT, "minutes": 10}}
            for number in range(1, 9)
        ]
    )
    method = make_resource(
        title="Idéstorm på væggen",
        slug="idestorm-paa-vaeggen",
        purpose="Mange idéer på kort tid, også fra dem, der sjældent tager ordet.",
        materials="Post-its, tusser og en tom væg.",
        time_needed="1-3h",
        group_size="3-8",
        difficulty="easy",
        delivery_mode="in-person",
        steps=steps,
        themes=[theme("legende-laering", "Legende læring")],
    )
    attach_file(method, role="card")
    case = make_resource(
        title="Nye fællesskaber på plejecentret",
        slug="faellesskaber-paa-plejecentret",
        resource_type="case",
        phase="implement",
        problem="<p>Beboerne sad meget alene.</p>",
        approach="<p>Beboere, pårørende og personale fandt på aktiviteter sammen.</p>",
        results="<p>Flere deltog i fællesskaberne.</p>",
        maturity="implemented",
        related_resources=[method],
    )
    english_method = translate_resource(method, title="Idea wall brainstorm", slug="idea-wall")
    english_case = translate_resource(case, title="New communities at the care home", slug="care-home")
    return {"da": (method, case), "en": (english_method, english_case)}


@pytest.mark.parametrize("language", ["da", "en"])
def test_library_filters_without_javascript_and_has_no_violations(demo_site, browser, language):
    pages = method_and_case()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(demo_site.url + library_index(language).url)
    assert_no_axe_violations_without_js(browser, demo_site.url + library_index(language).url)

    type_label = {"da": "Case", "en": "Case story"}[language]
    page.locator(".facet").filter(has_text={"da": "Type", "en": "Type"}[language]).first.get_by_label(
        re.compile(rf"^{type_label} \(")
    ).check()
    page.get_by_role("button", name={"da": "Vis materiale", "en": "Show material"}[language]).click()

    assert "type=case" in page.url
    expect(page.get_by_role("link", name=pages[language][1].title)).to_be_visible()
    expect(page.get_by_role("link", name=pages[language][0].title, exact=True)).to_have_count(0)
    context.close()


def assert_no_axe_violations_without_js(browser, url):
    """axe-core itself needs JavaScript: check the same page in a normal context."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    assert_no_axe_violations(page)
    context.close()


def test_keyboard_visitor_filters_the_library(demo_site, page):
    method_and_case()
    page.goto(demo_site.url + library_index("da").url)
    checkbox = page.get_by_label(re.compile(r"^Metode eller værktøj \("))
    checkbox.focus()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    # Tab on through the open facets to the button, then press it.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"type=method"))
    expect(page.get_by_role("link", name="Idéstorm på væggen")).to_be_visible()


@pytest.mark.parametrize("language", ["da", "en"])
def test_method_and_case_pages_have_no_violations(demo_site, page, language):
    method, case = method_and_case()[language]
    page.goto(demo_site.url + method.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(method.title)
    expect(
        page.get_by_role("heading", name={"da": "Trin for trin", "en": "Step by step"}[language])
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(demo_site.url + case.url)
    expect(
        page.get_by_role("heading", name={"da": "Problemet", "en": "The problem"}[language])
    ).to_be_visible()
    expect(page.get_by_role("link", name=method.title)).to_be_visible()
    assert_no_axe_violations(page)


def test_method_card_prints_on_at_most_two_pages(demo_site, page):
    method, _case = method_and_case()["da"]
    page.goto(demo_site.url + method.url)
    page.get_by_role("link", name="Metodekort til print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Idéstorm på væggen")
    assert_no_axe_violations(page)

    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, pages
    # The site's navigation stays on screen only.
    expect(page.locator(".site-header")).to_be_hidden()
