"""The one module that leans on the internals of modelsearch, where Wagtail's search backends live.

Wagtail documents how to configure and query a search backend, not how to extend one. The project's
backends (search.backends.postgres, search.backends.elasticsearch9) and the site search take what
they need beyond the documented API from here only: the classes they extend, the attribute the
PostgreSQL indexer reads its text-search configuration from, the compiler's query and queryset,
the index table, and Elasticsearch's field objects. tests/search/test_modelsearch_adapter.py pins
the shape of each of these, so a modelsearch or Wagtail upgrade that changes one fails there, by
name, before the search quietly changes language.
"""

import copy
from contextlib import contextmanager
from types import SimpleNamespace

from django.db.models import Q

from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import PlainText

__all__ = [
    "INDEXED_TEXT",
    "PostgresAutocompleteQueryCompiler",
    "PostgresIndex",
    "PostgresSearchBackend",
    "PostgresSearchQueryCompiler",
    "add_with_config",
    "any_word_filter",
    "elasticsearch9",
    "fields_in_language",
    "index_entry_model",
    "merged_settings",
    "narrowed",
]

# The lookup from an indexed model to the plain text of its index entry (for ts_headline).
INDEXED_TEXT = "index_entries__body_text"


# PostgreSQL ---------------------------------------------------------------------------------------


def add_with_config(index: PostgresIndex, model, objs: list, config: str) -> None:
    """Index the objects with one text-search configuration.

    modelsearch's indexer reads the configuration from `index.backend.config`, one for the whole
    index, so the objects are written through a copy of the index whose backend (also a copy)
    carries `config`; the shared backend is never changed.
    """
    writer = copy.copy(index)
    writer.backend = copy.copy(index.backend)
    writer.backend.config = config
    PostgresIndex.add_items(writer, model, objs)


def any_word_filter(compiler: PostgresSearchQueryCompiler, config: str) -> Q | None:
    """ "Title or body contains any of the query's words", which PostgreSQL answers from the GIN
    indexes on the index entries; None for a query it must not narrow (fields chosen, or anything
    but plain words, such as a negation)."""
    if compiler.fields is not None or not isinstance(compiler.query, PlainText):
        return None
    any_word = compiler.build_tsquery(PlainText(compiler.query.query_string, operator="or"), config=config)
    if any_word is None:
        return None
    return Q(index_entries__title=any_word) | Q(index_entries__body=any_word)


@contextmanager
def narrowed(compiler: PostgresSearchQueryCompiler, condition: Q):
    """The compiler searching only the rows that meet the condition, for the length of the block."""
    whole_queryset = compiler.queryset
    compiler.queryset = whole_queryset.filter(condition)
    try:
        yield compiler
    finally:
        compiler.queryset = whole_queryset


def index_entry_model():
    """The model of the PostgreSQL backend's index table (Wagtail keeps it in wagtail.search)."""
    from wagtail.search.models import IndexEntry

    return IndexEntry


# Elasticsearch 9 ----------------------------------------------------------------------------------


def elasticsearch9() -> SimpleNamespace:
    """modelsearch's Elasticsearch 9 classes, imported only when asked for: the elasticsearch client
    is an optional extra, and a site on PostgreSQL never loads it."""
    from modelsearch.backends import elasticsearch9 as backend

    return SimpleNamespace(
        Mapping=backend.Elasticsearch9Mapping,
        SearchBackend=backend.Elasticsearch9SearchBackend,
        SearchQueryCompiler=backend.Elasticsearch9SearchQueryCompiler,
        AutocompleteQueryCompiler=backend.Elasticsearch9AutocompleteQueryCompiler,
    )


def fields_in_language(fields: list, language_code: str) -> list:
    """The query compiler's fields (from its `_remap_fields`) moved to their sub-field for one
    language, `title` to `title.da`, each with its boost."""
    from modelsearch.backends.elasticsearchbase import Field

    return [Field(f"{field.field_name}.{language_code}", field.boost) for field in fields]


def merged_settings(settings: dict, extra: dict) -> dict:
    """`extra` merged into a backend's index settings, nested dictionaries key by key; in place, so
    give it the backend's own copy (each backend instance has one)."""
    from modelsearch.utils import deep_update

    return deep_update(settings, extra)
