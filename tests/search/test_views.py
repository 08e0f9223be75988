"""The search page and the search box's suggestions, as a visitor meets them."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from search import site_search
from tests.search.corpus import make_page, make_search_event, make_search_resource

pytestmark = pytest.mark.django_db

DANISH_SEARCH = "/s%C3%B8g/"
ENGLISH_SEARCH = "/en/search/"


def test_the_search_page_has_a_danish_and_an_english_address():
    with translation.override("da"):
        assert reverse("search") == DANISH_SEARCH
        assert reverse("search_suggestions") == "/s%C3%B8g/forslag/"
    with translation.override("en"):
        assert reverse("search") == ENGLISH_SEARCH


def test_results_show_type_date_and_highlighted_words(client):
    make_search_event("da", "Workshop for pædagoger", "Pædagogerne udvikler nye lege.")
    response = client.get(DANISH_SEARCH, {"q": "pædagogerne"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Workshop for pædagoger" in html
    assert '<span class="search-result__type">Arrangement</span>' in html
    assert "3. marts 2026 kl. 9.30" in html
    assert "<mark>Pædagogerne</mark>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("url", "query", "label"), [(DANISH_SEARCH, "niveau", "Niveau 2"), (ENGLISH_SEARCH, "level", "Level 2")]
)
def test_a_headings_level_is_neither_found_nor_shown(client, url, query, label):
    """The demo's pages have headings; their level is how they look, not what they say."""
    page = BeautifulSoup(client.get(url, {"q": query}).content, "lxml")

    assert label not in page.select_one("main").get_text()
    assert [result.get_text(" ", strip=True)[:80] for result in page.select(".search-result")] == []


def test_snippets_are_escaped_except_for_the_marks(client):
    make_page("da", "Om tegn", "Fisk &amp; chips, 3 &lt; 5 og workshops med &lt;b&gt;fed&lt;/b&gt; skrift.")
    html = client.get(DANISH_SEARCH, {"q": "workshops"}).content.decode()
    assert "Fisk &amp; chips, 3 &lt; 5 og <mark>workshops</mark>" in html
    assert "<b>fed" not in html


def test_a_word_in_both_trees_finds_only_the_visitors_language(client):
    make_page("da", "Kaffeklub på dansk", "Vi mødes om zebrafinken hver torsdag.")
    make_page("en", "Coffee club in English", "We meet about the zebrafinken every Thursday.")
    danish = client.get(DANISH_SEARCH, {"q": "zebrafinken"}).content.decode()
    english = client.get(ENGLISH_SEARCH, {"q": "zebrafinken"}).content.decode()
    assert "Kaffeklub på dansk" in danish and "Coffee club in English" not in danish
    assert "Coffee club in English" in english and "Kaffeklub på dansk" not in english
    assert "1 resultat for" in danish and "1 result for" in english


def test_type_and_format_facets(client):
    make_page("da", "Leg i skolen", "Om leg og læring.")
    make_search_event("da", "Workshop om leg", "Leg som metode.", format="workshop")
    make_search_event("da", "Foredrag om leg", "Leg i teorien.", format="lecture")
    everything = client.get(DANISH_SEARCH, {"q": "leg"}).content.decode()
    assert 'Arrangementer <span class="search-facets__count">(2)</span>' in everything
    assert 'Sider <span class="search-facets__count">(1)</span>' in everything
    assert "Format" not in everything  # the format facet appears once events are chosen

    events = client.get(DANISH_SEARCH, {"q": "leg", "type": "event"}).content.decode()
    assert "Leg i skolen" not in events and "Workshop om leg" in events
    assert 'format=lecture">Foredrag <span class="search-facets__count">(1)</span>' in events

    lectures = client.get(DANISH_SEARCH, {"q": "leg", "type": "event", "format": "lecture"}).content.decode()
    assert "Foredrag om leg" in lectures and "Workshop om leg" not in lectures


def test_resources_with_the_phase_facet(client):
    make_search_resource("da", "Idékort til brainstorm", "Kort til brainstorm i grupper.", phase="ideate")
    make_search_resource("da", "Brainstorm-evaluering", "Evaluér en brainstorm bagefter.", phase="implement")
    make_page("da", "Om brainstorm", "Brainstorm i huset.")
    everything = client.get(DANISH_SEARCH, {"q": "brainstorm"}).content.decode()
    assert 'type=resource">Materialer <span class="search-facets__count">(2)</span>' in everything
    assert '<span class="search-result__type">Materiale</span>' in everything

    resources = client.get(DANISH_SEARCH, {"q": "brainstorm", "type": "resource"}).content.decode()
    assert '<h3 class="search-facets__title">Fase</h3>' in resources
    assert "Om brainstorm" not in resources
    ideate = client.get(DANISH_SEARCH, {"q": "brainstorm", "type": "resource", "phase": "ideate"})
    html = ideate.content.decode()
    assert "Idékort til brainstorm" in html and "Brainstorm-evaluering" not in html


def test_pagination(client, monkeypatch):
    monkeypatch.setattr(site_search, "PAGE_SIZE", 2)
    for number in range(5):
        make_page("da", f"Mosaikværksted {number}", "Mosaikker af glas.")
    first = client.get(DANISH_SEARCH, {"q": "mosaikker"}).content.decode()
    assert "Side 1 af 3" in first and "page=2" in first
    last = client.get(DANISH_SEARCH, {"q": "mosaikker", "page": "3"}).content.decode()
    assert "Side 3 af 3" in last and last.count('class="search-result"') == 1


def test_no_results_page_suggests_a_spelling_and_the_other_language(client):
    make_page("da", "Samskabelse i hverdagen", "Samskabelse mellem borgere og fagfolk.")
    html = client.get(DANISH_SEARCH, {"q": "samskabelsse"}).content.decode()
    assert "0 resultater for" in html
    assert 'Mente du <a href="?q=samskabelse">samskabelse</a>?' in html
    assert 'href="/en/search/?q=samskabelsse"' in html
    assert "Tjek stavningen" in html


def test_no_suggestion_when_nothing_is_close(client):
    html = client.get(DANISH_SEARCH, {"q": "xqzvw"}).content.decode()
    assert "0 resultater for" in html and "Mente du" not in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "a" * 10_000,
        "workshop " * 2_000,
        "&|!:*()'\\",
        "pæd & (agog | !x) :* 'quote' \\",
        "work\x00shop",
        "\x00",
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        "a:*",
        "!!!",
        "ææææ øøø ååå",
    ],
)
def test_bad_input_gives_a_normal_page(client, query):
    response = client.get(DANISH_SEARCH, {"q": query, "type": "event", "format": "\x00", "page": "\x00"})
    assert response.status_code == 200
    assert "<h1>Søg</h1>" in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"type": "nonsense"}, {"page": "999999999"}, {"page": "-1"}, {"format": "x"}]
)
def test_unknown_parameters_are_ignored(client, params):
    response = client.get(DANISH_SEARCH, {"q": "workshop", **params})
    assert response.status_code == 200


def test_clean_query_keeps_words_and_drops_syntax():
    assert site_search.clean_query("pæd & (agog | !x) :* 'quote' \\") == "pæd agog x quote"
    assert site_search.clean_query("work\x00shop") == "work shop"
    assert site_search.clean_query("co-creation") == "co-creation"
    assert len(site_search.clean_query("a" * 10_000)) <= site_search.MAX_QUERY_LENGTH


def test_suggestions_for_the_search_box(client):
    danish = make_page("da", "Sprogstimulering for småbørn", "Leg med ord.")
    make_page("en", "Speech and language for toddlers", "Playing with words.")
    response = client.get("/s%C3%B8g/forslag/", {"q": "sprogsti"})
    assert response.status_code == 200
    assert response.json() == {
        "suggestions": [{"title": "Sprogstimulering for småbørn", "url": danish.url, "type": "Side"}]
    }
    english = client.get("/en/search/suggestions/", {"q": "speech"}).json()["suggestions"]
    assert [item["title"] for item in english] == ["Speech and language for toddlers"]
    assert client.get("/en/search/suggestions/", {"q": "s\x00"}).json() == {"suggestions": []}


def test_the_header_search_box_works_without_javascript(client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert f'action="{DANISH_SEARCH}"' in html
    assert 'name="q"' in html


def test_the_query_count_does_not_grow_with_the_results_per_page(client, monkeypatch):
    # Pages and events with the same text rank equally, and the newest come first: every page
    # of results below holds both types (results cost one query per type on show, not per result).
    for number in range(8):
        make_page("da", f"Keramik {number}", "Keramik og ler.")
        make_search_event("da", f"Keramik {number}", "Keramik og ler.")

    def queries_for(page_size):
        monkeypatch.setattr(site_search, "PAGE_SIZE", page_size)
        with CaptureQueriesContext(connection) as context:
            response = client.get(DANISH_SEARCH, {"q": "keramik"})
        html = response.content.decode()
        assert html.count('class="search-result"') == page_size
        assert ">Side</span>" in html and ">Arrangement</span>" in html
        return len(context.captured_queries)

    client.get(DANISH_SEARCH, {"q": "keramik"})  # fills per-process caches (content types, sites)
    assert queries_for(2) == queries_for(14)
