"""The home page and standard pages in both languages: content, switcher, hreflang, navigation, footer."""

import pytest
from bs4 import BeautifulSoup

from wagtail.models import Locale

from home.models import StandardPage
from tests.sitemap import sitemap_alternates

pytestmark = pytest.mark.django_db


def soup_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def switcher_links(soup):
    nav = soup.select_one("nav.language-switcher")
    return {link["hreflang"]: link["href"] for link in nav.select("a[hreflang]")}


def hreflangs(soup):
    return {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"]')}


def test_danish_home_page_speaks_danish(client):
    soup = soup_of(client, "/")
    assert soup.html["lang"] == "da"
    assert soup.h1.get_text(strip=True) == "Et hus, hvor praksis og borgere udvikler velfærd sammen"
    assert [a.get_text(strip=True) for a in soup.select(".site-nav a")] == [
        "Arrangementer",
        "Bibliotek",
        "Netværk",
        "Om huset",
        "Overnatning",
        "Kontakt",
    ]
    assert soup.select_one(".skip-link").get_text(strip=True) == "Spring til indhold"
    assert switcher_links(soup) == {"en": "/en/"}
    footer_links = {a.get_text(strip=True): a["href"] for a in soup.select(".site-footer a")}
    assert footer_links["Tilgængelighedserklæring"] == "/tilgaengelighedserklaering/"
    assert footer_links["Privatlivspolitik"] == "/privatlivspolitik/"
    notes = [note.get_text(strip=True) for note in soup.select(".sticky-note")]
    assert "Borgeren er ekspert i eget liv" in notes


def test_english_home_page_speaks_english(client):
    soup = soup_of(client, "/en/")
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "A house where practitioners and citizens develop welfare together"
    assert [a.get_text(strip=True) for a in soup.select(".site-nav a")] == [
        "Events",
        "Library",
        "Network",
        "About the house",
        "Accommodation",
        "Contact",
    ]
    assert soup.select_one(".skip-link").get_text(strip=True) == "Skip to content"
    assert switcher_links(soup) == {"da": "/"}
    footer_links = {a.get_text(strip=True): a["href"] for a in soup.select(".site-footer a")}
    assert footer_links["Accessibility statement"] == "/en/accessibility-statement/"
    # Hero buttons point at Danish pages in the editor; English visitors get the English ones.
    hero = [(a.get_text(strip=True), a["href"]) for a in soup.select(".hero .button")]
    assert hero == [("See the events", "/en/events/"), ("Find material", "/en/library/")]


def test_home_page_announces_its_translations(client):
    alternates = hreflangs(soup_of(client, "/"))
    assert alternates == {
        "da": "http://testserver/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/",
    }


@pytest.mark.parametrize(
    ("url", "language", "title", "other_url"),
    [
        ("/om-huset/", "da", "Om huset", "/en/about-the-house/"),
        ("/en/about-the-house/", "en", "About the house", "/om-huset/"),
    ],
)
def test_standard_page_in_both_languages(client, url, language, title, other_url):
    soup = soup_of(client, url)
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == title
    assert soup.title.get_text(strip=True) == f"{title} · Innovatarium"
    assert other_url in switcher_links(soup).values()
    assert soup.select_one('link[rel="canonical"]')["href"] == f"http://testserver{url}"
    assert soup.select_one('meta[property="og:title"]')["content"] == title
    crumbs = [a.get_text(strip=True) for a in soup.select(".breadcrumbs a")]
    assert crumbs == (["Forside", "Om huset"] if language == "da" else ["Home", "About the house"])
    current = soup.select_one('.site-nav a[aria-current="page"]')
    assert current.get_text(strip=True) == title


def test_standard_page_renders_every_demo_block(client):
    soup = soup_of(client, "/om-huset/")
    assert soup.select_one(".block-quote blockquote").get_text(strip=True).startswith("Vi skaber innovative")
    assert [s.get_text(strip=True) for s in soup.select(".block-accordion summary")] == [
        "Hvem kan deltage?",
        "Hvad koster det?",
    ]
    table = soup_of(client, "/en/accommodation/").select_one("table")
    assert table.caption.get_text(strip=True) == "Accommodation prices (VAT included)"
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Room",
        "Price per night",
        "Breakfast",
    ]


def test_switcher_falls_back_to_the_other_home_page_without_a_translation(client, site_pages):
    home = site_pages["da"]["home"]
    only_danish = home.add_child(instance=StandardPage(title="Kun på dansk", slug="kun-dansk"))
    soup = soup_of(client, only_danish.url)
    assert switcher_links(soup) == {"en": "/en/"}
    assert "en" not in hreflangs(soup), "a home page is not a translation and must not be announced as one"


def test_switcher_ignores_unpublished_translations(client, site_pages):
    english = site_pages["en"]["overnatning"]
    english.unpublish()
    soup = soup_of(client, "/overnatning/")
    assert switcher_links(soup) == {"en": "/en/"}
    soup_of(client, "/en/accommodation/", status=404)


def test_pages_outside_the_menu_stay_out_of_it(client):
    soup = soup_of(client, "/")
    assert "Privatlivspolitik" not in [a.get_text(strip=True) for a in soup.select(".site-nav a")]


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/findes-ikke/", "da", "Vi kunne ikke finde siden"),
        ("/en/does-not-exist/", "en", "We could not find that page"),
    ],
)
def test_not_found_page_in_the_visitors_language(client, url, language, heading):
    soup = soup_of(client, url, status=404)
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == heading


def test_server_error_page_speaks_both_languages(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Der opstod en fejl" in html
    assert "Something went wrong" in html


def test_sitemap_lists_both_languages_with_alternates(client):
    entries = sitemap_alternates(client)
    assert {"http://testserver/om-huset/", "http://testserver/en/about-the-house/"} <= entries.keys()
    assert entries["http://testserver/om-huset/"] == {
        "da": "http://testserver/om-huset/",
        "en": "http://testserver/en/about-the-house/",
    }


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_home_page_query_count_does_not_grow_with_menu_pages(
    client, site_pages, django_assert_max_num_queries
):
    client.get("/")  # warm the per-process caches (content types, site root paths)
    with django_assert_max_num_queries(HOME_PAGE_QUERY_BUDGET) as baseline:
        client.get("/")
    danish_home = site_pages["da"]["home"]
    english = Locale.objects.get(language_code="en")
    for number in range(10):
        page = danish_home.add_child(
            instance=StandardPage(title=f"Side {number}", slug=f"side-{number}", show_in_menus=True)
        )
        page.copy_for_translation(english).save_revision().publish()
    with django_assert_max_num_queries(len(baseline.captured_queries)) as grown:
        response = client.get("/")
    assert len(BeautifulSoup(response.content, "html.parser").select(".site-nav a")) == 16
    assert len(grown.captured_queries) == len(baseline.captured_queries)


# The number stated in docs/performance.md; raise it only with a reason written there.
HOME_PAGE_QUERY_BUDGET = 23
