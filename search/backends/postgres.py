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

import copy
from collections import defaultdict

from django.conf import settings

from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

from search.backends.languages import languages_by_locale_id, object_language, query_language

DEFAULT_SEARCH_CONFIGS = {"da": "danish", "en": "english"}


class LocaleIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index the objects in groups of one language, each with its language's configuration.

        Wagtail's indexer reads the configuration from the backend it is given, so each group is
        written through a copy of this index whose backend carries that group's configuration;
        the shared backend itself is never changed.
        """
        languages = languages_by_locale_id()
        groups = defaultdict(list)
        for obj in objs:
            groups[self.backend.config_for(object_language(obj, languages))].append(obj)
        for config, group in groups.items():
            index = copy.copy(self)
            index.backend = copy.copy(self.backend)
            index.backend.config = config
            PostgresIndex.add_items(index, model, group)


class LocaleSearchQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return backend.config_for(query_language(self.queryset))


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
