"""Wagtail's PostgreSQL search backend, with each object indexed and queried in its own language.

Wagtail's database backend takes one text-search configuration for the whole index, so a site in
two languages gets Danish stemming or English stemming, never both. Each index row belongs to one
object, and each object has one locale, so the row can be built with that locale's configuration;
a query is then parsed with the configuration of the locale it is limited to (search.backends.languages).
Everything else (filters, relevance, facets, autocomplete, update_index) is Wagtail's own.

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "search.backends.postgres",
        "SEARCH_CONFIGS": {"da": "danish", "en": "english"},  # language code -> PostgreSQL config
    }}
"""

from collections import defaultdict

from django.conf import settings

from search.backends.languages import languages_by_locale_id, object_language, query_language
from search.backends.modelsearch_adapter import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    add_with_config,
    any_word_filter,
    narrowed,
)

DEFAULT_SEARCH_CONFIGS = {"da": "danish", "en": "english"}


class LocaleIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index the objects in groups of one language, each with its language's configuration."""
        languages = languages_by_locale_id()
        groups = defaultdict(list)
        for obj in objs:
            groups[self.backend.config_for(object_language(obj, languages))].append(obj)
        for config, group in groups.items():
            add_with_config(self, model, group, config)


class LocaleSearchQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return backend.config_for(query_language(self.queryset))

    def search(self, config, start, stop, score_field=None, backend=None):
        """Wagtail's search, first narrowed to the entries with any of the words.

        Wagtail matches the title and body vectors joined together, which no index can answer,
        so every entry is read. "Title or body contains any of the words" gives the same rows
        or more (the exact match still follows) and PostgreSQL answers it from the GIN indexes
        on title and body. Only plain words get the narrowing: a negated word must not.
        """
        any_word = any_word_filter(self, config)
        if any_word is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        with narrowed(self, any_word):
            return super().search(config, start, stop, score_field=score_field, backend=backend)


class LocaleSearchBackend(PostgresSearchBackend):
    query_compiler_class = LocaleSearchQueryCompiler
    # Autocomplete stays on Wagtail's language-neutral "simple" configuration: prefixes of
    # unstemmed words work the same in every language.
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    index_class = LocaleIndex

    def __init__(self, params):
        super().__init__(params)
        self.search_configs = params.get("SEARCH_CONFIGS", DEFAULT_SEARCH_CONFIGS)
        self.config = self.config_for(settings.LANGUAGE_CODE)

    def config_for(self, language_code: str) -> str:
        """The text-search configuration of a language; "simple" (no stemming) for any other."""
        return self.search_configs.get(language_code, "simple")


SearchBackend = LocaleSearchBackend
