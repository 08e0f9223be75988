"""The directory in a real browser, in both languages: from the menu to an organisation filtered by
kind and theme with the keyboard only, then a person's page; axe-core finds nothing on any of them."""

import pytest
from playwright.sync_api import expect

from network.models import DirectoryPage
from people.models import OrganisationKind
from tests.e2e.conftest import assert_no_axe_violations
from tests.network.factories import add_contact, make_organisation, make_person, make_theme

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SITE = {
    "da": {
        "home": "/",
        "kind_label": "Slags organisation",
        "theme_label": "Tema",
        "municipality": "Kommune",
        "theme": "Naboskab",
        "show": "Vis organisationer",
        "organisation": "Naboby Kommune",
        "person": "Karen Vestergaard",
        "write": "Skriv til Karen Vestergaard",
    },
    "en": {
        "home": "/en/",
        "kind_label": "Kind of organisation",
        "theme_label": "Theme",
        "municipality": "Municipality",
        "theme": "Neighbourhood",
        "show": "Show organisations",
        "organisation": "Naboby Municipality",
        "person": "Karen Vestergaard",
        "write": "Write to Karen Vestergaard",
    },
}


@pytest.fixture
def entries(demo_site):
    """A theme, a municipality working on it and a person with a contact address, of our own."""
    theme = make_theme("Naboskab", "Neighbourhood", slug="naboskab")
    make_organisation(
        "Naboby Kommune", "Naboby Municipality", themes=[theme], kind=OrganisationKind.MUNICIPALITY
    )
    add_contact(make_person("Karen Vestergaard"), "karen.privat@example.org")
    return demo_site


@pytest.mark.parametrize("language", ["da", "en"])
def test_keyboard_visitor_filters_the_directory_and_visits_an_organisation_and_a_person(
    entries, page, language
):
    text = SITE[language]
    menu = DirectoryPage.objects.get(locale__language_code=language).title
    page.goto(entries.url + text["home"])
    page.get_by_role("navigation").get_by_role("link", name=menu, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(menu)
    assert_no_axe_violations(page)

    # Keyboard only: choose in each list, then send the form with Enter on the button.
    page.get_by_label(text["kind_label"]).focus()
    page.get_by_label(text["kind_label"]).select_option(label=text["municipality"])
    page.keyboard.press("Tab")
    page.get_by_label(text["theme_label"]).select_option(label=text["theme"])
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=text["show"])).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**?kind=municipality&theme=naboskab")
    cards = page.locator(".directory-organisations .card__title")
    expect(cards).to_have_text([text["organisation"]])
    assert_no_axe_violations(page)

    page.get_by_role("link", name=text["organisation"]).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["organisation"])
    assert_no_axe_violations(page)

    page.goto(entries.url + text["home"])
    page.get_by_role("navigation").get_by_role("link", name=menu, exact=True).first.click()
    page.get_by_role("link", name=text["person"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["person"])
    expect(page.get_by_role("link", name=text["write"])).to_be_visible()
    assert_no_axe_violations(page)
