"""Search at scale: indexing time and query latency with 10 000 events, resources and pages.

Run by hand on the development database (after `make run` has created it; stop the dev server first):

    VAR_DIR=... .venv/bin/python bench/search_latency.py

It creates 10 000 published pages under the demo site, half Danish and half English (4 000 events,
4 000 library resources, 2 000 standard pages) with generated text, indexes them with the
project's search backend (as `update_index` does, and times it), then runs 20 typical queries
(10 per language) 15 times each and reports the median and 95th percentile of
- the search query itself: the ranked, language-filtered query for the first 10 results, and
- the whole search page's work: counts, type and format facets, page of results and snippets.
Everything it created is deleted afterwards. No network; every loop is bounded.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from wagtail.models import Locale, Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402
from wagtail.search.models import IndexEntry  # noqa: E402

from events.models import EventIndexPage, EventPage  # noqa: E402
from events.vocabulary import EventFormat  # noqa: E402
from home.models import HomePage, StandardPage  # noqa: E402
from library.models import LibraryIndexPage, ResourcePage  # noqa: E402
from library.vocabulary import Phase, ResourceType  # noqa: E402
from search.site_search import SearchRequest, search, searchable_pages  # noqa: E402
from tests.events.factories import price_options  # noqa: E402

SLUG_PREFIX = "bench-search-"
PER_LANGUAGE = {"events": 2000, "resources": 2000, "pages": 1000}
REPEATS = 15
SEED = 5

DANISH_WORDS = (
    "pædagog pædagogerne workshop workshoppen samskabelse borgere børnehave børnehaverne "
    "sygeplejerske ældrepleje velfærd velfærdsteknologi kommune kommunerne lærer lærerne "
    "socialrådgiver fællesskab fællesskaber inklusion skole skolen frivillige forening "
    "idé idéer prototype afprøvning metode metoder erfaring erfaringer plejehjem måltider "
    "uddannelse unge udsatte familie familier netværk kursus kursusdag foredrag messe "
    "innovation innovationsmesse praksis hverdag løsning løsninger udvikling samarbejde"
)
ENGLISH_WORDS = (
    "pedagogue workshop workshops co-creation citizens kindergarten nurse nursing elderly care "
    "welfare technology municipality teachers teacher social worker community communities "
    "inclusion school volunteers association idea ideas prototype testing method methods "
    "experience care home meals education young families network course lecture fair "
    "innovation innovations practice everyday solution solutions development collaboration"
)
WORDS = {"da": DANISH_WORDS.split(), "en": ENGLISH_WORDS.split()}
DANISH_FILLER = "og i med for på at til om som der de en et af det har vi kan"
ENGLISH_FILLER = "and in with for on to of the a that we can about as is are from"
FILLER = {"da": DANISH_FILLER.split(), "en": ENGLISH_FILLER.split()}
QUERIES = {
    "da": [
        "pædagogerne",
        "workshoppen",
        "samskabelse borgere",
        "børnehaver",
        "ældreplejen",
        "velfærdsteknologi",
        "kursusdage",
        "frivillige foreninger",
        "inklusion skolen",
        "innovationsmesse",
    ],
    "en": [
        "innovations",
        "workshops",
        "co-creation",
        "nurses",
        "elderly care",
        "communities",
        "volunteering",
        "prototyping methods",
        "teachers school",
        "social workers",
    ],
}


def sentence(rng, language, words):
    chosen = []
    for _index in range(words):
        pool = WORDS[language] if rng.random() < 0.55 else FILLER[language]
        chosen.append(rng.choice(pool))
    return " ".join(chosen).capitalize() + "."


def text(rng, language, sentences):
    return " ".join(sentence(rng, language, rng.randint(8, 16)) for _index in range(sentences))


def body(rng, language):
    return [{"type": "paragraph", "value": f"<p>{text(rng, language, rng.randint(4, 10))}</p>"}]


def parents(language_code):
    home = HomePage.objects.get(locale__language_code=language_code)
    events = EventIndexPage.objects.child_of(home).first()
    library = LibraryIndexPage.objects.child_of(home).first()
    pages = StandardPage(title="Benchmark search", slug=f"{SLUG_PREFIX}{language_code}", locale=home.locale)
    home.add_child(instance=pages)
    if library is None:
        library = LibraryIndexPage(title="Bibliotek", slug=f"{SLUG_PREFIX}library", locale=home.locale)
        home.add_child(instance=library)
    return events, library, pages


def create(rng, language_code):
    events_parent, library_parent, pages_parent = parents(language_code)
    locale = Locale.objects.get(language_code=language_code)
    start = timezone.now() + dt.timedelta(days=30)
    formats, phases, types = EventFormat.values, Phase.values, ResourceType.values
    for number in range(PER_LANGUAGE["events"]):
        events_parent.add_child(
            instance=EventPage(
                title=sentence(rng, language_code, 5)[:-1],
                slug=f"{SLUG_PREFIX}event-{language_code}-{number}",
                locale=locale,
                format=formats[number % len(formats)],
                summary=sentence(rng, language_code, 20)[:280],
                body=body(rng, language_code),
                start=start + dt.timedelta(days=number % 300),
                end=start + dt.timedelta(days=number % 300, hours=6),
                capacity=30,
                price_options=price_options(("Standard", "500.00")),
            )
        )
    for number in range(PER_LANGUAGE["resources"]):
        library_parent.add_child(
            instance=ResourcePage(
                title=sentence(rng, language_code, 5)[:-1],
                slug=f"{SLUG_PREFIX}resource-{language_code}-{number}",
                locale=locale,
                resource_type=types[number % len(types)],
                phase=phases[number % len(phases)],
                summary=sentence(rng, language_code, 20)[:280],
                body=body(rng, language_code),
            )
        )
    for number in range(PER_LANGUAGE["pages"]):
        pages_parent.add_child(
            instance=StandardPage(
                title=sentence(rng, language_code, 5)[:-1],
                slug=f"{SLUG_PREFIX}page-{language_code}-{number}",
                locale=locale,
                introduction=sentence(rng, language_code, 15),
                body=body(rng, language_code),
            )
        )


def bench_pages(model):
    return model.objects.filter(slug__startswith=SLUG_PREFIX)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(language_code, call):
    timings = []
    with translation.override(language_code):
        for query in QUERIES[language_code]:
            call(query)  # warm the plan and caches once
            for _repeat in range(REPEATS):
                began = time.perf_counter()
                call(query)
                timings.append((time.perf_counter() - began) * 1000)
    return timings


def main():
    rng = random.Random(SEED)
    backend_config = {
        name: {**config, "AUTO_UPDATE": False} for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    backend = get_search_backend()
    try:
        # Pages are created without indexing, so that indexing is timed on its own below.
        with override_settings(WAGTAILSEARCH_BACKENDS=backend_config):
            began = time.perf_counter()
            for language_code in ("da", "en"):
                create(rng, language_code)
            print(f"created 10 000 pages in {time.perf_counter() - began:.0f} s")

        began = time.perf_counter()
        indexed = 0
        for model in (EventPage, ResourcePage, StandardPage):
            objects = list(bench_pages(model))
            for chunk_start in range(0, len(objects), 500):
                backend.add_bulk(model, objects[chunk_start : chunk_start + 500])
            indexed += len(objects)
        index_seconds = time.perf_counter() - began
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"indexed {indexed} pages in {index_seconds:.1f} s ({indexed / index_seconds:.0f} pages/s)")

        for language_code in ("da", "en"):
            locale = Locale.objects.get(language_code=language_code)
            query_only = measure(
                language_code,
                lambda query, locale=locale: list(backend.search(query, searchable_pages(locale))[:10]),
            )
            page = measure(
                language_code, lambda query, locale=locale: search(SearchRequest(query=query), locale)
            )
            hits = [
                backend.search(query, searchable_pages(locale)).count() for query in QUERIES[language_code]
            ]
            print(
                f"{language_code}: query median {statistics.median(query_only):.1f} ms, "
                f"p95 {percentile(query_only, 0.95):.1f} ms | whole search page's work median "
                f"{statistics.median(page):.1f} ms, p95 {percentile(page, 0.95):.1f} ms | "
                f"hits per query {min(hits)}–{max(hits)}"
            )
    finally:
        with override_settings(WAGTAILSEARCH_BACKENDS=backend_config):
            ids = [
                str(pk)
                for pk in Page.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
            ]
            IndexEntry.objects.filter(object_id__in=ids).delete()
            for parent in Page.objects.filter(slug__startswith=SLUG_PREFIX, depth=3):
                parent.delete()
            Page.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        print("cleaned up")


if __name__ == "__main__":
    main()
