"""Search at scale: indexing time and query latency with 10 000 events, resources and pages.

Run by hand on the development database (after `make run` has created it; stop the dev server first):

    VAR_DIR=... .venv/bin/python bench/search_latency.py

It creates 10 000 published pages under the demo site, half Danish and half English (4 000 events,
4 000 library resources, 2 000 standard pages) with generated text (each about three of 50 topic
words, among thousands of other words, so a one-word query matches a few hundred pages), indexes them with the
project's search backend (as `update_index` does, and times it), then runs 20 typical queries
(10 per language) 15 times each and reports the median and 95th percentile of
- the search query itself: the ranked, language-filtered query for the first 10 results, and
- the whole search page's work: counts, type and format facets, page of results and snippets.
Everything it created is deleted afterwards, unless `--keep` is given: a later run then measures
the same pages again without creating them. No network; every loop is bounded.
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

from events.models import EventIndexPage, EventPage  # noqa: E402
from events.vocabulary import EventFormat  # noqa: E402
from home.models import HomePage, StandardPage  # noqa: E402
from library.models import LibraryIndexPage, ResourcePage  # noqa: E402
from library.vocabulary import Phase, ResourceType  # noqa: E402
from search.backends.languages import query_language  # noqa: E402
from search.backends.modelsearch_adapter import index_entry_model  # noqa: E402
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


DANISH_SYLLABLES = "ka ri mo læ sø nå be ti gel sk ov dr an ur fe mi ha bø rå ste ning lig hed"
ENGLISH_SYLLABLES = "ka ri mo la so na be ti gel sk ov dr an ur fe mi ha bo ra ste ing ly ness"
SYLLABLES = {"da": DANISH_SYLLABLES.split(), "en": ENGLISH_SYLLABLES.split()}


def rare_words(rng, language, count=4000):
    """Made-up words that stand for the many words a real text has beside its topic words."""
    return [
        "".join(rng.choice(SYLLABLES[language]) for _part in range(rng.randint(2, 4))) for _i in range(count)
    ]


class Writer:
    """Generated text in which each document is about three topic words, as real pages are."""

    def __init__(self, rng, language):
        self.rng, self.language = rng, language
        self.rare = rare_words(rng, language)

    def sentence(self, words, topics=()):
        pool = [
            *self.rng.choices(self.rare, k=words // 2),
            *self.rng.choices(FILLER[self.language], k=words // 2),
        ]
        pool.extend(topics)
        self.rng.shuffle(pool)
        return " ".join(pool).capitalize() + "."

    def document(self, sentences):
        topics = self.rng.sample(WORDS[self.language], 3)
        title = self.sentence(4, topics[:1])[:-1]
        summary = self.sentence(16, topics)[:280]
        paragraphs = [
            self.sentence(self.rng.randint(8, 16), self.rng.sample(topics, 1)) for _i in range(sentences)
        ]
        body = [{"type": "paragraph", "value": f"<p>{' '.join(paragraphs)}</p>"}]
        return title, summary, body


def parents(language_code):
    """Three parents of the generated pages under the home page, so that deleting them is quick."""
    home = HomePage.objects.get(locale__language_code=language_code)
    made = []
    for model in (EventIndexPage, LibraryIndexPage, StandardPage):
        name = model._meta.model_name
        parent = model(title=f"Benchmark {name}", slug=f"{SLUG_PREFIX}{name}-{language_code}")
        parent.locale = home.locale
        home.add_child(instance=parent)
        made.append(parent)
    return made


def create(rng, language_code):
    events_parent, library_parent, pages_parent = parents(language_code)
    locale = Locale.objects.get(language_code=language_code)
    writer = Writer(rng, language_code)
    start = timezone.now() + dt.timedelta(days=30)
    formats, phases, types = EventFormat.values, Phase.values, ResourceType.values
    for number in range(PER_LANGUAGE["events"]):
        title, summary, body = writer.document(rng.randint(4, 10))
        events_parent.add_child(
            instance=EventPage(
                title=title,
                slug=f"{SLUG_PREFIX}event-{language_code}-{number}",
                locale=locale,
                format=formats[number % len(formats)],
                summary=summary,
                body=body,
                start=start + dt.timedelta(days=number % 300),
                end=start + dt.timedelta(days=number % 300, hours=6),
                capacity=30,
                price_options=price_options(("Standard", "500.00")),
            )
        )
    for number in range(PER_LANGUAGE["resources"]):
        title, summary, body = writer.document(rng.randint(4, 10))
        library_parent.add_child(
            instance=ResourcePage(
                title=title,
                slug=f"{SLUG_PREFIX}resource-{language_code}-{number}",
                locale=locale,
                resource_type=types[number % len(types)],
                phase=phases[number % len(phases)],
                summary=summary,
                body=body,
            )
        )
    for number in range(PER_LANGUAGE["pages"]):
        title, summary, body = writer.document(rng.randint(4, 10))
        pages_parent.add_child(
            instance=StandardPage(
                title=title,
                slug=f"{SLUG_PREFIX}page-{language_code}-{number}",
                locale=locale,
                introduction=summary,
                body=body,
            )
        )


def bench_pages(model):
    return model.objects.filter(slug__startswith=SLUG_PREFIX)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(language_code, call, self_timed=False):
    """Milliseconds per call, REPEATS per query; a self-timed call returns its own milliseconds."""
    timings = []
    with translation.override(language_code):
        for query in QUERIES[language_code]:
            call(query)  # warm the plan and caches once
            for _repeat in range(REPEATS):
                began = time.perf_counter()
                returned = call(query)
                timings.append(returned if self_timed else (time.perf_counter() - began) * 1000)
    return timings


def server_time(backend, query, pages):
    """PostgreSQL's own execution time of the ranked first page, without Python or the network."""
    compiler = backend.search(query, pages).query_compiler
    sql, params = compiler.search(
        backend.config_for(query_language(pages)), 0, 10, backend=backend
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, params)
        return cursor.fetchone()[0][0]["Execution Time"]


def main(keep: bool):
    rng = random.Random(SEED)
    backend_config = {
        name: {**config, "AUTO_UPDATE": False} for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    backend = get_search_backend()
    try:
        # Pages are created without indexing, so that indexing is timed on its own below.
        with override_settings(WAGTAILSEARCH_BACKENDS=backend_config):
            if Page.objects.filter(slug__startswith=SLUG_PREFIX).exists():
                print("reusing the pages a run with --keep left")
            else:
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
            pages = searchable_pages(locale)
            query_only = measure(
                language_code, lambda query, pages=pages: list(backend.search(query, pages)[:10])
            )
            in_postgres = measure(
                language_code, lambda query, pages=pages: server_time(backend, query, pages), self_timed=True
            )
            page = measure(
                language_code, lambda query, locale=locale: search(SearchRequest(query=query), locale)
            )
            hits = [backend.search(query, pages).count() for query in QUERIES[language_code]]
            print(
                f"{language_code}: query median {statistics.median(query_only):.1f} ms, "
                f"p95 {percentile(query_only, 0.95):.1f} ms | of which in PostgreSQL median "
                f"{statistics.median(in_postgres):.1f} ms, p95 {percentile(in_postgres, 0.95):.1f} ms | "
                f"whole search page's work median "
                f"{statistics.median(page):.1f} ms, p95 {percentile(page, 0.95):.1f} ms | "
                f"hits per query {min(hits)}–{max(hits)}"
            )
    finally:
        if keep:
            print(f"kept the pages (slugs starting {SLUG_PREFIX!r}); run again without --keep to delete them")
        else:
            delete_bench_pages(backend_config)
            print("cleaned up")


def delete_bench_pages(backend_config):
    with override_settings(WAGTAILSEARCH_BACKENDS=backend_config):
        created = Page.objects.filter(slug__startswith=SLUG_PREFIX)
        ids = [str(pk) for pk in created.values_list("pk", flat=True)]
        index_entry_model().objects.filter(object_id__in=ids).delete()
        for parent in created.filter(depth=3):
            parent.delete()


if __name__ == "__main__":
    main(keep="--keep" in sys.argv[1:])
