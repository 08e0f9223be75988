"""The home page's library section: the newest public resources in the visitor's language, as cards."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.models import Locale

from library.models import ResourcePage
from tests.library.factories import library_index, make_resource, translate_resource

pytestmark = pytest.mark.django_db

URLS = {"da": "/", "en": "/en/"}


def featured_cards(client, url):
    response = client.get(url)
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "lxml").select_one(".home-section--library")
    return section, section.select(".resource-card")


@pytest.fixture
def newest():
    """Three resources published today, each with its English translation; newest first."""
    made = []
    for number, (resource_type, phase) in enumerate(
        [("case", "spread"), ("guide", "facilitate"), ("method", "prototype")]
    ):
        resource = make_resource(
            title=f"Dagens ressource {number}",
            slug=f"dagens-ressource-{number}",
            resource_type=resource_type,
            phase=phase,
            published_date=timezone.localdate(),
            summary=f"Resumé af dagens ressource {number}.",
        )
        english = translate_resource(
            resource,
            title=f"Today's resource {number}",
            slug=f"todays-resource-{number}",
            summary=f"Summary of today's resource {number}.",
        )
        made.append({"da": resource, "en": english})
    return made[::-1]


@pytest.mark.parametrize("language", ["da", "en"])
def test_home_page_shows_the_newest_resources_in_the_visitors_language(client, site_pages, newest, language):
    section, shown = featured_cards(client, URLS[language])
    block = next(
        block for block in site_pages[language]["home"].body if block.block_type == "featured_resources"
    )
    assert section.h2.get_text(strip=True) == block.value["heading"]
    with translation.override(language):
        expected = [
            (
                resource[language].get_resource_type_display(),
                resource[language].title,
                resource[language].url,
                resource[language].summary,
                f"{'Fase' if language == 'da' else 'Phase'}: {resource[language].get_phase_display()}",
            )
            for resource in newest
        ]
    assert [
        (
            card.select_one(".resource-tag").get_text(strip=True),
            card.h3.get_text(strip=True),
            card.h3.a["href"],
            card.p.get_text(strip=True),
            card.select_one(".card__meta").get_text(strip=True),
        )
        for card in shown
    ] == expected
    assert expected[0][2].startswith(URLS[language])
    assert [card.select_one(".resource-tag")["class"] for card in shown] == [
        ["resource-tag", "resource-tag--method"],
        ["resource-tag", "resource-tag--guide"],
        ["resource-tag", "resource-tag--case"],
    ]
    button = section.select_one("a.button")
    label = "Gå på opdagelse i biblioteket" if language == "da" else "Explore the library"
    assert (button.get_text(strip=True), button["href"]) == (label, library_index(language).url)


def test_unpublished_and_private_resources_stay_off_the_home_page(client, newest):
    newest[0]["da"].unpublish()
    _section, shown = featured_cards(client, "/")
    titles = [card.h3.get_text(strip=True) for card in shown]
    assert newest[0]["da"].title not in titles
    assert titles[:2] == [newest[1]["da"].title, newest[2]["da"].title]


def test_home_page_says_so_when_the_library_is_empty(client):
    ResourcePage.objects.filter(locale=Locale.objects.get(language_code="en")).update(live=False)
    section, shown = featured_cards(client, "/en/")
    assert shown == []
    assert "will appear here" in section.select_one(".empty-state").get_text()


def test_home_page_queries_do_not_grow_with_the_number_of_cards(client, site_pages):
    client.get("/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as three:
        assert len(featured_cards(client, "/")[1]) == 3
    home = site_pages["da"]["home"]
    for block in home.body:
        if block.block_type == "featured_resources":
            block.value["count"] = 6
    home.save_revision().publish()
    client.get("/")
    with CaptureQueriesContext(connection) as six:
        assert len(featured_cards(client, "/")[1]) == 6
    assert len(six.captured_queries) == len(three.captured_queries), "\n".join(
        query["sql"] for query in six.captured_queries
    )
