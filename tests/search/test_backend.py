"""The search backends: each page indexed and queried in its own language; Wagtail's features intact."""

import json
import os

import pytest

from django.core.management import call_command
from django.db import connection

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from events.models import EventPage
from home.models import StandardPage
from search.backends.elasticsearch9 import LanguageMapping, LanguageSearchBackend
from search.backends.languages import query_language
from search.backends.modelsearch_adapter import index_entry_model
from search.backends.postgres import LocaleSearchBackend
from tests.search.corpus import make_page, make_search_event

pytestmark = pytest.mark.django_db


def vector_of(page) -> str:
    entries = index_entry_model()
    entry = entries.objects.get(content_type_id=page.content_type_id, object_id=str(page.pk))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body::text FROM {entries._meta.db_table} WHERE id = %s", [entry.pk])  # noqa: S608
        return cursor.fetchone()[0]


def locale(code):
    return Locale.objects.get(language_code=code)


def test_the_configured_backend_is_the_language_aware_one():
    assert isinstance(get_search_backend(), LocaleSearchBackend)


def test_danish_pages_are_stemmed_in_danish_and_english_pages_in_english():
    danish = make_page("da", "Børnehaverne", "Pædagogerne leger med børnene.")
    english = make_page("en", "Kindergartens", "The teachers are playing with the children.")
    assert "'pædagog'" in vector_of(danish)  # Danish stemmer: pædagogerne -> pædagog
    assert "'teacher'" in vector_of(english) and "'play'" in vector_of(english)  # English: playing -> play


def test_a_single_stemming_configuration_would_miss_the_other_language():
    """The control: an English page indexed with Danish stemming, as Wagtail's single SEARCH_CONFIG
    would do it, is not found by an English query; indexed in English, it is."""
    english = make_page("en", "Innovation projects", "Small innovation projects.")
    pages = Page.objects.live().filter(locale=locale("en"))
    danish_everywhere = LocaleSearchBackend({"SEARCH_CONFIGS": {"da": "danish", "en": "danish"}})
    danish_everywhere.add(english)
    assert english.pk not in [page.pk for page in get_search_backend().search("innovations", pages)]
    get_search_backend().add(english)
    assert english.pk in [page.pk for page in get_search_backend().search("innovations", pages)]


def test_the_query_language_is_the_locale_the_queryset_is_limited_to(settings):
    from django.utils import translation

    with translation.override("da"):
        assert query_language(Page.objects.filter(locale=locale("en"))) == "en"
        assert query_language(Page.objects.live().filter(locale=locale("en"), depth__gt=1)) == "en"
        # All languages (the admin): the interface language decides.
        assert query_language(Page.objects.all()) == "da"
    with translation.override("en"):
        assert query_language(Page.objects.all()) == "en"


def test_objects_without_a_locale_are_searched_in_the_default_language():
    from wagtail.images.models import Image

    assert query_language(Image.objects.all()) == "da"


def test_filters_and_relevance_order_still_work():
    make_search_event("da", "Workshop om leg", "En workshop om leg og læring.", format="workshop")
    make_search_event("da", "Foredrag om leg", "Et foredrag, der nævner leg én gang.", format="lecture")
    events = EventPage.objects.live().filter(locale=locale("da"))
    lectures = get_search_backend().search("leg", events.filter(format="lecture"))
    assert [event.title for event in lectures] == ["Foredrag om leg"]
    ranked = list(get_search_backend().search("workshop leg", events, operator="or"))
    assert ranked[0].title == "Workshop om leg"
    assert get_search_backend().search("leg", events).facet("format") == {"workshop": 1, "lecture": 1}


def test_autocomplete_matches_the_start_of_a_word_in_either_language():
    make_page("da", "Sprogstimulering for småbørn")
    results = get_search_backend().autocomplete("sprogsti", Page.objects.filter(locale=locale("da")))
    assert [page.title for page in results] == ["Sprogstimulering for småbørn"]


def test_update_index_rebuilds_every_entry_with_its_own_language():
    danish = make_page("da", "Fællesskaberne", "Fællesskaberne vokser.")
    english = make_page("en", "Communities", "Communities are growing.")
    index_entry_model().objects.all().delete()
    call_command("update_index", verbosity=0)
    assert "'fællesskab'" in vector_of(danish)
    assert "'communiti'" in vector_of(english)
    assert StandardPage.objects.filter(pk=danish.pk).search("fællesskab").count() == 1


class TestElasticsearchSettingsAndMappings:
    """What the Elasticsearch 9 backend would send, checked without a server."""

    def backend(self):
        return LanguageSearchBackend({"URLS": ["http://localhost:9200"]})

    def test_index_settings_define_a_danish_and_an_english_analyser(self):
        analysis = self.backend().settings["settings"]["analysis"]
        assert analysis["analyzer"]["text_da"]["filter"] == ["lowercase", "da_stop", "da_stemmer"]
        assert analysis["analyzer"]["text_en"]["filter"] == ["lowercase", "en_stop", "en_stemmer"]
        assert analysis["filter"]["da_stemmer"] == {"type": "stemmer", "language": "danish"}
        assert analysis["filter"]["en_stop"] == {"type": "stop", "stopwords": "_english_"}
        # Wagtail's own analysers for autocomplete are still there.
        assert "edgengram_analyzer" in analysis["analyzer"]

    def test_every_text_field_has_a_sub_field_per_language(self):
        properties = LanguageMapping(EventPage).get_mapping()["properties"]
        language_fields = {
            "da": {"type": "text", "analyzer": "text_da"},
            "en": {"type": "text", "analyzer": "text_en"},
        }
        assert properties["_all_text"]["fields"] == language_fields
        assert properties["title"]["fields"] == language_fields
        assert properties["events_eventpage__summary"]["fields"] == language_fields
        # Autocomplete and filters stay as Wagtail made them.
        assert "fields" not in properties["_edgengrams"]
        assert properties["events_eventpage__format_filter"] == {"type": "keyword"}

    def test_a_query_reads_the_sub_field_of_its_language(self):
        query = self.backend().search("innovations", Page.objects.filter(locale=locale("en")))
        body = query.query_compiler.get_query()
        assert body["bool"]["must"]["multi_match"]["fields"][0] == "_all_text.en"
        assert {"term": {"locale_id_filter": locale("en").pk}} in body["bool"]["filter"]
        danish = self.backend().search("pædagoger", Page.objects.filter(locale=locale("da")))
        assert danish.query_compiler.get_query()["bool"]["must"]["multi_match"]["fields"][0] == "_all_text.da"

    def test_autocomplete_keeps_the_edge_ngrams(self):
        query = self.backend().autocomplete("pæd", Page.objects.filter(locale=locale("da")))
        assert "_edgengrams" in json.dumps(query.query_compiler.get_query())


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set: no cluster"
)
def test_against_a_real_elasticsearch_cluster():
    backend = LanguageSearchBackend(
        {"URLS": [os.environ["ELASTICSEARCH_URL"]], "INDEX_PREFIX": "innovatarium_test_"}
    )
    danish = make_page("da", "Pædagogernes værksted", "Pædagogerne bygger legetøj.")
    english = make_page("en", "Teachers' workshop", "The teachers are building toys.")
    index = backend.get_index_for_model(Page)
    index.reset()
    index.add_model(StandardPage)
    backend.add_bulk(StandardPage, [danish.specific, english.specific])
    index.refresh()
    try:
        found = backend.search("pædagog", StandardPage.objects.filter(locale=locale("da")))
        assert [page.pk for page in found] == [danish.pk]
        found = backend.search("teacher building", StandardPage.objects.filter(locale=locale("en")))
        assert [page.pk for page in found] == [english.pk]
    finally:
        index.delete()


def test_narrowing_by_the_gin_indexes_keeps_wagtails_matches():
    """Words split between title and body still match all together; negation still excludes."""
    from wagtail.search.query import Not, PlainText

    split = make_page("da", "Vævestue for alle", "Her lærer man at spinde uld.")
    make_page("da", "Spindeskole", "Kun spinding, ingen vævning.")
    pages = Page.objects.live().filter(locale=locale("da"))
    found = get_search_backend().search("vævestue uld", pages)
    assert [page.pk for page in found] == [split.pk]
    without = get_search_backend().search(Not(PlainText("vævestue")), pages.filter(title__startswith="Spind"))
    assert [page.title for page in without] == ["Spindeskole"]
