"""The directory: who is shown (only with consent), in which language, filters, what they did, links."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale

from events.models import EventPage
from library.models import ResourcePage
from network.directory import danish_sort_key
from network.models import ContactAddress
from people.models import Organisation, OrganisationKind, Person
from taxonomy.models import Theme
from tests.sitemap import sitemap_alternates

pytestmark = pytest.mark.django_db

DIRECTORY = {"da": "/netvaerk/", "en": "/en/network/"}


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_names(page, heading_id):
    section = page.find(id=heading_id).find_parent("section")
    return [link.get_text(strip=True) for link in section.select(".card__title a")]


def shown(model, language):
    return sorted(
        (row.name for row in model.objects.filter(show_in_directory=True, locale__language_code=language)),
        key=danish_sort_key,
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_directory_lists_shown_organisations_and_people_in_the_visitors_language(client, language):
    page = soup(client.get(DIRECTORY[language]))
    assert card_names(page, "organisations-heading") == shown(Organisation, language)
    assert card_names(page, "people-heading") == shown(Person, language)
    assert page.find("html")["lang"] == language


def test_a_person_without_consent_has_no_page_and_is_not_listed(client):
    person = Person.objects.get(slug="mette-skov", locale__language_code="da")
    person.show_in_directory = False
    person.save()

    assert "Mette Skov" not in card_names(soup(client.get(DIRECTORY["da"])), "people-heading")
    assert "Mette Skov" not in card_names(soup(client.get(DIRECTORY["en"])), "people-heading")
    assert client.get(DIRECTORY["da"] + "person/mette-skov/").status_code == 404
    # Withdrawn in Danish, gone in English at once: consent does not wait for a translation sync.
    assert client.get(DIRECTORY["en"] + "person/mette-skov/").status_code == 404


def test_withdrawing_consent_in_english_hides_the_danish_page_too(client):
    english = Person.objects.get(slug="mette-skov", locale__language_code="en")
    english.show_in_directory = False
    english.save()
    assert client.get(DIRECTORY["da"] + "person/mette-skov/").status_code == 404


def test_a_person_who_is_only_in_danish_is_shown_in_danish_on_the_english_directory(client):
    Person.objects.create(
        name="Søren Ålund",
        role="Ergoterapeut",
        show_in_directory=True,
        locale=Locale.objects.get(language_code="da"),
    )
    assert "Søren Ålund" in card_names(soup(client.get(DIRECTORY["en"])), "people-heading")
    page = soup(client.get(DIRECTORY["en"] + "person/soeren-aalund/"))
    assert page.h1.get_text(strip=True) == "Søren Ålund"


def test_filters_by_kind_and_theme_match_the_database(client):
    municipalities = soup(client.get(DIRECTORY["da"], {"kind": OrganisationKind.MUNICIPALITY}))
    assert card_names(municipalities, "organisations-heading") == sorted(
        Organisation.objects.filter(
            locale__language_code="da", kind=OrganisationKind.MUNICIPALITY, show_in_directory=True
        ).values_list("name", flat=True)
    )
    assert municipalities.find("option", selected=True, value=OrganisationKind.MUNICIPALITY)

    english = soup(client.get(DIRECTORY["en"], {"theme": "samskabelse"}))
    expected = sorted(
        Organisation.objects.filter(
            locale__language_code="en", themes__slug="samskabelse", show_in_directory=True
        ).values_list("name", flat=True),
        key=danish_sort_key,
    )
    assert len(expected) >= 2
    assert card_names(english, "organisations-heading") == expected
    # The English page names the English themes.
    assert english.find("option", selected=True, value="samskabelse").get_text() == "Co-creation"

    both = soup(client.get(DIRECTORY["da"], {"theme": "samskabelse", "kind": OrganisationKind.UNION}))
    assert card_names(both, "organisations-heading") == ["Fagforeningen for Pædagogisk Praksis"]


def test_a_choice_with_no_match_says_what_to_do_and_unknown_values_are_ignored(client):
    empty = soup(client.get(DIRECTORY["en"], {"kind": OrganisationKind.NGO, "theme": "velfaerdsteknologi"}))
    assert "No organisation matches your choice" in empty.get_text()
    assert card_names(empty, "organisations-heading") == []

    hostile = soup(client.get(DIRECTORY["da"], {"kind": "'; DROP TABLE", "theme": "\x00<script>"}))
    assert card_names(hostile, "organisations-heading") == shown(Organisation, "da")


def test_organisation_themes_follow_into_the_translation():
    danish = Organisation.objects.get(slug="fpp", locale__language_code="da")
    english = Organisation.objects.get(slug="fpp", locale__language_code="en")
    welfare_tech = Theme.objects.get(slug="velfaerdsteknologi", locale__language_code="da")

    danish.themes.add(welfare_tech)
    assert {theme.name for theme in english.themes.all()} >= {"Welfare technology"}
    assert {theme.locale.language_code for theme in english.themes.all()} == {"en"}

    danish.themes.remove(welfare_tech)
    assert "Welfare technology" not in {theme.name for theme in english.themes.all()}


def test_organisation_page_gathers_its_events_and_material_in_the_visitors_language(client):
    organisation = Organisation.objects.get(
        slug="netvaerk-socialfaglig-innovation", locale__language_code="da"
    )
    resources = ResourcePage.objects.live().filter(
        locale__language_code="en",
        translation_key__in=ResourcePage.objects.filter(
            contributor_organisations__translation_key=organisation.translation_key
        ).values("translation_key"),
    )
    assert resources.exists()

    page = soup(client.get(DIRECTORY["en"] + "organisation/netvaerk-socialfaglig-innovation/"))
    assert page.h1.get_text(strip=True) == "Network for Social Innovation in Practice"
    listed = {link.get_text(strip=True) for link in page.select("#material-heading ~ ul .card__title a")}
    assert listed == {resource.title for resource in resources}
    assert all(link["href"].startswith("/en/") for link in page.select("#material-heading ~ ul a"))


def test_person_page_shows_coming_and_earlier_events_apart(client):
    person = Person.objects.get(slug="mette-skov", locale__language_code="da")
    events = EventPage.objects.live().filter(locale__language_code="da", speakers=person)
    now = timezone.now()
    coming = {event.title for event in events if event.end >= now}
    earlier = {event.title for event in events if event.end < now}
    assert coming

    page = soup(client.get(DIRECTORY["da"] + "person/mette-skov/"))
    assert {a.get_text(strip=True) for a in page.select("#upcoming-heading ~ ul a")} == coming
    assert {a.get_text(strip=True) for a in page.select("#past-heading ~ ul a")} == earlier


def test_entry_page_links_to_the_relay_and_never_shows_the_address(client):
    page = client.get(DIRECTORY["en"] + "person/ahmed-larsen/")
    address = ContactAddress.objects.get(person__slug="ahmed-larsen")
    body = page.content.decode()
    assert address.email not in body
    person = Person.objects.get(slug="ahmed-larsen", locale__language_code="en")
    assert f'href="/en/contact/person/{person.translation_key}/"' in body

    without = soup(client.get(DIRECTORY["en"] + "person/lone-kjaer/"))
    assert not without.find("a", href=lambda href: href and "/contact/person/" in href)


def test_entry_page_is_its_own_canonical_page_with_both_languages(client):
    page = soup(client.get(DIRECTORY["da"] + "organisation/fpp/"))
    assert page.find("link", rel="canonical")["href"] == "http://testserver/netvaerk/organisation/fpp/"
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")}
    assert alternates["en"] == "http://testserver/en/network/organisation/fpp/"
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Et fiktivt fagforbund")
    crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumbs li")]
    assert crumbs[-2:] == ["Netværk", "Fagforeningen for Pædagogisk Praksis"]


def test_unknown_entries_are_404(client):
    assert client.get(DIRECTORY["da"] + "organisation/findes-ikke/").status_code == 404
    assert client.get(DIRECTORY["en"] + "person/nobody/").status_code == 404


def test_event_and_resource_pages_link_speakers_and_contributors_to_the_directory(client):
    event = EventPage.objects.live().filter(locale__language_code="en", speakers__slug="mette-skov").first()
    page = soup(client.get(event.url))
    section = page.find(id="speakers-heading").find_parent("section")
    assert section.find("a", string="Mette Skov")["href"] == "/en/network/person/mette-skov/"
    assert section.find("a", string="Write to Mette Skov")

    resource = (
        ResourcePage.objects.live()
        .filter(locale__language_code="da")
        .exclude(contributor_people=None)
        .first()
    )
    made_by = soup(client.get(resource.url)).find(id="contributors-heading").find_parent("section")
    assert made_by.find("a", href=lambda href: href and href.startswith("/netvaerk/person/"))


def test_someone_not_in_the_directory_is_named_without_a_link(client):
    Person.objects.filter(slug="mette-skov").update(show_in_directory=False)
    event = EventPage.objects.live().filter(locale__language_code="da", speakers__slug="mette-skov").first()
    section = soup(client.get(event.url)).find(id="speakers-heading").find_parent("section")
    assert "Mette Skov" in section.get_text()
    assert not section.find("a", string="Mette Skov")


def add_entries(count, prefix):
    """Organisations with themes, and people, all shown in the directory."""
    danish = Locale.objects.get(language_code="da")
    themes = list(Theme.objects.filter(locale=danish))
    for number in range(count):
        organisation = Organisation.objects.create(
            name=f"{prefix} forening {number}",
            slug=f"{prefix}-forening-{number}",
            kind=OrganisationKind.NGO,
            locale=danish,
        )
        organisation.themes.set(themes[: 1 + number % len(themes)])
        Person.objects.create(name=f"{prefix} praktiker {number}", show_in_directory=True, locale=danish)


def directory_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DIRECTORY["da"]).status_code == 200
    return len(queries)


def test_the_directory_costs_the_same_queries_with_5_or_45_more_entries(client):
    client.get(DIRECTORY["da"])  # warm Wagtail's site and locale caches
    add_entries(5, "lille")
    few = directory_queries(client)
    add_entries(40, "stor")
    assert Organisation.objects.filter(locale__language_code="da", slug__contains="forening").count() == 45
    assert directory_queries(client) == few


def test_admin_offers_an_organisation_only_the_themes_of_its_language(admin_client):
    english = Organisation.objects.get(slug="fpp", locale__language_code="en")
    response = admin_client.get(reverse("wagtailsnippets_people_organisation:edit", args=[english.pk]))
    page = soup(response)
    offered = {box.find_parent("label").get_text(strip=True) for box in page.select("input[name=themes]")}
    assert "Co-creation" in offered
    assert "Samskabelse" not in offered


def test_a_person_added_in_the_admin_gets_a_slug_and_stays_hidden_until_consent(admin_client):
    url = reverse("wagtailsnippets_people_person:add") + "?locale=da"
    response = admin_client.post(url, {"name": "Åse Bøgh", "role": "Pædagog", "slug": "", "bio": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(name="Åse Bøgh", locale=Locale.objects.get(language_code="da"))
    assert person.slug == "aase-boegh"
    assert person.show_in_directory is False
    assert "Åse Bøgh" not in card_names(soup(admin_client.get(DIRECTORY["da"])), "people-heading")


def test_sitemap_lists_each_entry_with_its_addresses_in_both_languages(client):
    entries = sitemap_alternates(client)
    assert entries["http://testserver/en/network/person/mette-skov/"] == {
        "da": "http://testserver/netvaerk/person/mette-skov/",
        "en": "http://testserver/en/network/person/mette-skov/",
    }
    Person.objects.filter(slug="mette-skov").update(show_in_directory=False)
    assert b"person/mette-skov/" not in client.get("/sitemap.xml").content


def test_entry_pages_tell_search_engines_who_they_are_about(client):
    import json

    organisation = soup(client.get(DIRECTORY["en"] + "organisation/fpp/"))
    data = json.loads(organisation.find("script", type="application/ld+json").string)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "url": "http://testserver/en/network/organisation/fpp/",
        "name": "Union of Pedagogical Practice",
        "description": "A fictitious union that runs course days with the house.",
    }
    person = soup(client.get(DIRECTORY["da"] + "person/mette-skov/"))
    data = json.loads(person.find("script", type="application/ld+json").string)
    assert (data["@type"], data["name"], data["jobTitle"]) == (
        "Person",
        "Mette Skov",
        "Procesfacilitator, Innovatarium",
    )


def test_people_and_organisations_are_in_danish_alphabetical_order(client):
    danish = Locale.objects.get(language_code="da")
    new = ["Åse Holm", "Zenia Berg", "Aage Lund", "Ærø Nielsen", "Øjvind Sø"]
    for name in new:
        Person.objects.create(name=name, show_in_directory=True, locale=danish)
    names = card_names(soup(client.get(DIRECTORY["da"])), "people-heading")
    added = [name for name in names if name in new]
    assert added == ["Zenia Berg", "Ærø Nielsen", "Øjvind Sø", "Aage Lund", "Åse Holm"]


@pytest.mark.parametrize(
    ("path", "query", "name", "href"),
    [
        ("/søg/", "lillebælt", "Lillebælt Kommune", "/netvaerk/organisation/lillebaelt-kommune/"),
        ("/en/search/", "Mette", "Mette Skov", "/en/network/person/mette-skov/"),
    ],
)
def test_site_search_names_matching_organisations_and_people(client, path, query, name, href):
    page = soup(client.get(path, {"q": query}))
    matches = page.find(id="directory-matches-heading").find_parent("aside")
    assert matches.find("a", string=name)["href"] == href


def test_site_search_never_names_someone_without_consent(client):
    Person.objects.filter(slug="mette-skov").update(show_in_directory=False)
    page = soup(client.get("/søg/", {"q": "Mette Skov"}))
    assert page.find(id="directory-matches-heading") is None
