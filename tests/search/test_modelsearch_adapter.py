"""Contract tests of search.backends.modelsearch_adapter: what the project takes from modelsearch's
internals still has the shape it relies on.

Each test names one thing the adapter leans on. After a Wagtail or modelsearch upgrade, a failure
here says which, before the search quietly loses a language; fix the adapter, not its callers.
"""

import inspect

import pytest

from django.db import connection
from django.db.models import Q

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Not, PlainText

from home.models import StandardPage
from search.backends import modelsearch_adapter as adapter
from tests.search.corpus import make_page

pytestmark = pytest.mark.django_db


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def vector_of(page) -> str:
    entries = adapter.index_entry_model()
    entry = entries.objects.get(content_type_id=page.content_type_id, object_id=str(page.pk))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body::text FROM {entries._meta.db_table} WHERE id = %s", [entry.pk])  # noqa: S608
        return cursor.fetchone()[0]


def compiler_for(query, language_code="da", **kwargs):
    pages = Page.objects.live().filter(locale=Locale.objects.get(language_code=language_code))
    return get_search_backend().search(query, pages, **kwargs).query_compiler


# PostgreSQL ---------------------------------------------------------------------------------------


def test_the_methods_the_postgres_backend_overrides_keep_their_signatures():
    assert parameters(adapter.PostgresIndex.add_items) == ["self", "model", "objs"]
    assert parameters(adapter.PostgresSearchQueryCompiler.get_config) == ["self", "backend"]
    assert parameters(adapter.PostgresSearchQueryCompiler.search) == [
        "self",
        "config",
        "start",
        "stop",
        "score_field",
        "backend",
    ]
    assert parameters(adapter.PostgresSearchQueryCompiler.build_tsquery) == ["self", "query", "config"]
    for attribute in ("query_compiler_class", "autocomplete_query_compiler_class", "index_class"):
        assert hasattr(adapter.PostgresSearchBackend, attribute), attribute


def test_the_backend_has_one_configuration_in_its_config_attribute():
    backend = adapter.PostgresSearchBackend({"SEARCH_CONFIG": "english"})
    assert backend.config == "english"


def test_add_with_config_indexes_with_that_configuration_and_leaves_the_backend_alone():
    page = make_page("da", "Legepladserne", "Børnene leger på legepladserne.")
    backend = get_search_backend()
    shared_config = backend.config
    index = backend.get_index_for_model(StandardPage)
    adapter.add_with_config(index, StandardPage, [page.specific], "simple")
    assert "'legepladserne'" in vector_of(page)  # "simple": the word as it is, no stemming
    adapter.add_with_config(index, StandardPage, [page.specific], "danish")
    assert "'legepladserne'" not in vector_of(page)  # "danish": stemmed
    assert backend.config == shared_config and index.backend is backend


def test_the_compiler_exposes_its_query_fields_and_queryset():
    compiler = compiler_for("pædagoger")
    assert isinstance(compiler.query, PlainText) and compiler.query.query_string == "pædagoger"
    assert compiler.fields is None
    assert compiler.queryset.model is Page


def test_any_word_filter_narrows_plain_words_only():
    condition = adapter.any_word_filter(compiler_for("vævestue uld"), "danish")
    assert isinstance(condition, Q)
    assert {child[0] for child in condition.children} == {"index_entries__title", "index_entries__body"}
    assert adapter.any_word_filter(compiler_for(Not(PlainText("vævestue"))), "danish") is None
    assert adapter.any_word_filter(compiler_for("vævestue", fields=["title"]), "danish") is None


def test_narrowed_filters_the_compilers_queryset_for_the_block_only():
    page = make_page("da", "Vævestue for alle", "Her lærer man at spinde uld.")
    make_page("da", "Spindeskole", "Kun spinding.")
    compiler = compiler_for("vævestue")
    whole = compiler.queryset
    with adapter.narrowed(compiler, adapter.any_word_filter(compiler, "danish")):
        assert list(compiler.queryset.values_list("pk", flat=True)) == [page.pk]
    assert compiler.queryset is whole


def test_the_index_table_and_the_lookup_to_its_text():
    page = make_page("en", "Communities", "Communities are growing.")
    entries = adapter.index_entry_model()
    fields = {field.name for field in entries._meta.get_fields()}
    assert {"content_type", "object_id", "title", "title_text", "body", "body_text"} <= fields
    assert entries.objects.filter(object_id=str(page.pk), content_type_id=page.content_type_id).exists()
    text = Page.objects.filter(pk=page.pk).values_list(adapter.INDEXED_TEXT, flat=True).get()
    assert "Communities are growing" in text


# Elasticsearch 9 (checked without a server) -------------------------------------------------------


def test_the_elasticsearch9_classes_and_the_methods_the_backend_overrides():
    classes = adapter.elasticsearch9()
    assert parameters(classes.Mapping.get_mapping) == ["self"]
    assert parameters(classes.SearchQueryCompiler._remap_fields) == ["self", "fields"]
    for compiler in (classes.SearchQueryCompiler, classes.AutocompleteQueryCompiler):
        assert hasattr(compiler, "mapping_class")
    for attribute in ("mapping_class", "query_compiler_class", "autocomplete_query_compiler_class"):
        assert hasattr(classes.SearchBackend, attribute), attribute
    assert isinstance(classes.SearchBackend({"URLS": ["http://localhost:9200"]}).settings, dict)


def test_fields_in_language_keeps_the_boost():
    classes = adapter.elasticsearch9()
    compiler = (
        classes.SearchBackend({"URLS": ["http://localhost:9200"]})
        .search("innovation", StandardPage.objects.all())
        .query_compiler
    )
    fields = compiler._remap_fields(compiler.fields or ["title"])
    moved = adapter.fields_in_language(fields, "da")
    assert [field.field_name for field in moved] == [f"{field.field_name}.da" for field in fields]
    assert [field.boost for field in moved] == [field.boost for field in fields]
    assert moved[0].field_name_with_boost.startswith("title.da")


def test_merged_settings_merges_nested_keys():
    settings = {"settings": {"analysis": {"analyzer": {"edgengram_analyzer": {}}}}, "mappings": {}}
    merged = adapter.merged_settings(settings, {"settings": {"analysis": {"analyzer": {"text_da": {}}}}})
    assert merged["settings"]["analysis"]["analyzer"].keys() == {"edgengram_analyzer", "text_da"}
    assert "mappings" in merged
