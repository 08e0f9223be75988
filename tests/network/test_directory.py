"""The directory: who is shown (only with consent), in which language, filters, what they did, links."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale

from network.directory import danish_sort_key
from network.models import DirectoryPage
from people.models import Organisation, OrganisationKind, Person
from taxonomy.models import Theme
from tests.events.factories import make_event, translate_event
from tests.library.factories import make_resource, translate_resource
from tests.network.factories import add_contact, make_organisation, make_person, make_theme
from tests.sitemap import sitemap_alternates

pytestmark = pytest.mark.django_db

DIRECTORY = {"da": "/netvaerk/", "en": "/en/network/"}


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml")


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


@pytest.fixture
def karen():
    """A person in the directory, in both languages."""
    return make_person("Karen Vestergaard", role="Socialrådgiver", english_role="Social worker")


def test_a_person_without_consent_has_no_page_and_is_not_listed(client, karen):
    assert client.get(DIRECTORY["da"] + f"person/{karen.slug}/").status_code == 200
    karen.show_in_directory = False
    karen.save()

    assert karen.name not in card_names(soup(client.get(DIRECTORY["da"])), "people-heading")
    assert karen.name not in card_names(soup(client.get(DIRECTORY["en"])), "people-heading")
    assert client.get(DIRECTORY["da"] + f"person/{karen.slug}/").status_code == 404
    # Withdrawn in Danish, gone in English at once: consent does not wait for a translation sync.
    assert client.get(DIRECTORY["en"] + f"person/{karen.slug}/").status_code == 404


def test_withdrawing_consent_in_english_hides_the_danish_page_too(client, karen):
    english = Person.objects.get(slug=karen.slug, locale__language_code="en")
    english.show_in_directory = False
    english.save()
    assert client.get(DIRECTORY["da"] + f"person/{karen.slug}/").status_code == 404


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


@pytest.fixture
def neighbourhood():
    """A theme of our own, and two organisations working on it: a union and a municipality."""
    theme = make_theme("Naboskab", "Neighbourhood", slug="naboskab")
    union = make_organisation(
        "Naboskabets Fagforening", "The Neighbourhood Union", themes=[theme], kind=OrganisationKind.UNION
    )
    municipality = make_organisation(
        "Naboby Kommune", "Naboby Municipality", themes=[theme], kind=OrganisationKind.MUNICIPALITY
    )
    return theme, union, municipality


def test_filters_by_kind_and_theme_match_the_database(client, neighbourhood):
    theme, union, municipality = neighbourhood
    municipalities = soup(client.get(DIRECTORY["da"], {"kind": OrganisationKind.MUNICIPALITY}))
    assert card_names(municipalities, "organisations-heading") == sorted(
        Organisation.objects.filter(
            locale__language_code="da", kind=OrganisationKind.MUNICIPALITY, show_in_directory=True
        ).values_list("name", flat=True),
        key=danish_sort_key,
    )
    assert municipality.name in card_names(municipalities, "organisations-heading")
    assert municipalities.find("option", selected=True, value=OrganisationKind.MUNICIPALITY)

    english = soup(client.get(DIRECTORY["en"], {"theme": theme.slug}))
    assert card_names(english, "organisations-heading") == ["Naboby Municipality", "The Neighbourhood Union"]
    # The English page names the English themes.
    assert english.find("option", selected=True, value=theme.slug).get_text() == "Neighbourhood"

    both = soup(client.get(DIRECTORY["da"], {"theme": theme.slug, "kind": OrganisationKind.UNION}))
    assert card_names(both, "organisations-heading") == [union.name]


def test_a_choice_with_no_match_says_what_to_do_and_unknown_values_are_ignored(client, neighbourhood):
    theme, _union, _municipality = neighbourhood
    empty = soup(client.get(DIRECTORY["en"], {"kind": OrganisationKind.NGO, "theme": theme.slug}))
    assert "No organisation matches your choice" in empty.get_text()
    assert card_names(empty, "organisations-heading") == []

    hostile = soup(client.get(DIRECTORY["da"], {"kind": "'; DROP TABLE", "theme": "\x00<script>"}))
    assert card_names(hostile, "organisations-heading") == shown(Organisation, "da")


def test_organisation_themes_follow_into_the_translation(neighbourhood):
    theme, union, _municipality = neighbourhood
    english = Organisation.objects.get(slug=union.slug, locale__language_code="en")
    assert [theme.name for theme in english.themes.all()] == ["Neighbourhood"]
    other = make_theme("Velfærd", "Welfare")

    union.themes.add(other)
    assert {theme.name for theme in english.themes.all()} == {"Neighbourhood", "Welfare"}
    assert {theme.locale.language_code for theme in english.themes.all()} == {"en"}

    union.themes.remove(other)
    assert "Welfare" not in {theme.name for theme in english.themes.all()}


def test_organisation_page_gathers_its_events_and_material_in_the_visitors_language(client):
    organisation = make_organisation("Værkstedet", "The Workshop", slug="vaerkstedet")
    resource = make_resource(contributor_organisations=[organisation])
    translated = translate_resource(
        resource, title="A method from the workshop", slug="a-method-from-the-workshop"
    )
    start = timezone.now() + dt.timedelta(days=10)
    event = make_event(partners=[organisation], start=start, end=start + dt.timedelta(hours=3))
    english_event = translate_event(event, title="A day at the workshop", slug="a-day-at-the-workshop")

    page = soup(client.get(DIRECTORY["en"] + "organisation/vaerkstedet/"))
    assert page.h1.get_text(strip=True) == "The Workshop"
    listed = {link.get_text(strip=True) for link in page.select("#material-heading ~ ul .card__title a")}
    assert listed == {translated.title}
    assert english_event.title in page.get_text()
    assert all(link["href"].startswith("/en/") for link in page.select("#material-heading ~ ul a"))


def test_person_page_shows_coming_and_earlier_events_apart(client, karen):
    now = timezone.now()
    coming = make_event(
        speakers=[karen], start=now + dt.timedelta(days=7), end=now + dt.timedelta(days=7, hours=3)
    )
    earlier = make_event(
        speakers=[karen],
        start=now - dt.timedelta(days=7),
        end=now - dt.timedelta(days=7) + dt.timedelta(hours=3),
    )

    page = soup(client.get(DIRECTORY["da"] + f"person/{karen.slug}/"))
    assert {a.get_text(strip=True) for a in page.select("#upcoming-heading ~ ul a")} == {coming.title}
    assert {a.get_text(strip=True) for a in page.select("#past-heading ~ ul a")} == {earlier.title}


def test_entry_page_links_to_the_relay_and_never_shows_the_address(client, karen):
    address = add_contact(karen, "karen.privat@example.org", language="en")
    page = client.get(DIRECTORY["en"] + f"person/{karen.slug}/")
    body = page.content.decode()
    assert address.email not in body
    english = Person.objects.get(slug=karen.slug, locale__language_code="en")
    assert f'href="/en/contact/person/{english.translation_key}/"' in body

    without = make_person("Lars Uden Adresse")
    page = soup(client.get(DIRECTORY["en"] + f"person/{without.slug}/"))
    assert not page.find("a", href=lambda href: href and "/contact/person/" in href)


def test_entry_page_is_its_own_canonical_page_with_both_languages(client, site_pages):
    organisation = make_organisation(
        "Værkstedet",
        "The Workshop",
        slug="vaerkstedet",
        description="Et værksted for idéer.",
        english_description="A workshop for ideas.",
    )
    page = soup(client.get(DIRECTORY["da"] + "organisation/vaerkstedet/"))
    assert (
        page.find("link", rel="canonical")["href"] == "http://testserver/netvaerk/organisation/vaerkstedet/"
    )
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")}
    assert alternates["en"] == "http://testserver/en/network/organisation/vaerkstedet/"
    assert page.find("meta", attrs={"name": "description"})["content"] == "Et værksted for idéer."
    crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumbs li")]
    assert crumbs[-2:] == [DirectoryPage.objects.get(locale__language_code="da").title, organisation.name]


def test_unknown_entries_are_404(client):
    assert client.get(DIRECTORY["da"] + "organisation/findes-ikke/").status_code == 404
    assert client.get(DIRECTORY["en"] + "person/nobody/").status_code == 404


def test_event_and_resource_pages_link_speakers_and_contributors_to_the_directory(client, karen):
    add_contact(karen, "karen.privat@example.org")
    event = translate_event(make_event(speakers=[karen]), slug="a-workshop-with-karen")
    section = soup(client.get(event.url)).find(id="speakers-heading").find_parent("section")
    assert section.find("a", string=karen.name)["href"] == f"/en/network/person/{karen.slug}/"
    assert section.find("a", string=f"Write to {karen.name}")

    resource = make_resource(contributor_people=[karen])
    made_by = soup(client.get(resource.url)).find(id="contributors-heading").find_parent("section")
    assert made_by.find("a", href=f"/netvaerk/person/{karen.slug}/")


def test_someone_not_in_the_directory_is_named_without_a_link(client, karen):
    Person.objects.filter(slug=karen.slug).update(show_in_directory=False)
    event = make_event(speakers=[karen])
    section = soup(client.get(event.url)).find(id="speakers-heading").find_parent("section")
    assert karen.name in section.get_text()
    assert not section.find("a", string=karen.name)


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


def test_admin_offers_an_organisation_only_the_themes_of_its_language(admin_client, neighbourhood):
    _theme, union, _municipality = neighbourhood
    english = Organisation.objects.get(slug=union.slug, locale__language_code="en")
    response = admin_client.get(reverse("wagtailsnippets_people_organisation:edit", args=[english.pk]))
    page = soup(response)
    offered = {box.find_parent("label").get_text(strip=True) for box in page.select("input[name=themes]")}
    assert "Neighbourhood" in offered
    assert "Naboskab" not in offered


def test_a_person_added_in_the_admin_gets_a_slug_and_stays_hidden_until_consent(admin_client):
    url = reverse("wagtailsnippets_people_person:add") + "?locale=da"
    response = admin_client.post(url, {"name": "Åse Bøgh", "role": "Pædagog", "slug": "", "bio": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(name="Åse Bøgh", locale=Locale.objects.get(language_code="da"))
    assert person.slug == "aase-boegh"
    assert person.show_in_directory is False
    assert "Åse Bøgh" not in card_names(soup(admin_client.get(DIRECTORY["da"])), "people-heading")


def test_sitemap_lists_each_entry_with_its_addresses_in_both_languages(client, karen):
    entries = sitemap_alternates(client)
    assert entries[f"http://testserver/en/network/person/{karen.slug}/"] == {
        "da": f"http://testserver/netvaerk/person/{karen.slug}/",
        "en": f"http://testserver/en/network/person/{karen.slug}/",
    }
    Person.objects.filter(slug=karen.slug).update(show_in_directory=False)
    assert f"person/{karen.slug}/".encode() not in client.get("/sitemap.xml").content


def test_entry_pages_tell_search_engines_who_they_are_about(client, karen):
    import json

    make_organisation(
        "Værkstedet",
        "The Workshop",
        slug="vaerkstedet",
        description="Et værksted for idéer.",
        english_description="A workshop for ideas.",
    )
    organisation = soup(client.get(DIRECTORY["en"] + "organisation/vaerkstedet/"))
    data = json.loads(organisation.find("script", type="application/ld+json").string)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "url": "http://testserver/en/network/organisation/vaerkstedet/",
        "name": "The Workshop",
        "description": "A workshop for ideas.",
    }
    person = soup(client.get(DIRECTORY["da"] + f"person/{karen.slug}/"))
    data = json.loads(person.find("script", type="application/ld+json").string)
    assert (data["@type"], data["name"], data["jobTitle"]) == ("Person", karen.name, "Socialrådgiver")


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
        ("/søg/", "naboby", "Naboby Kommune", "/netvaerk/organisation/naboby/"),
        ("/en/search/", "Vestergaard", "Karen Vestergaard", "/en/network/person/karen-vestergaard/"),
    ],
)
def test_site_search_names_matching_organisations_and_people(client, karen, path, query, name, href):
    make_organisation(
        "Naboby Kommune", "Naboby Municipality", slug="naboby", kind=OrganisationKind.MUNICIPALITY
    )
    page = soup(client.get(path, {"q": query}))
    matches = page.find(id="directory-matches-heading").find_parent("aside")
    assert matches.find("a", string=name)["href"] == href


def test_site_search_never_names_someone_without_consent(client, karen):
    Person.objects.filter(slug=karen.slug).update(show_in_directory=False)
    page = soup(client.get("/søg/", {"q": karen.name}))
    assert page.find(id="directory-matches-heading") is None
