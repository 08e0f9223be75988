"""Wagtail's Elasticsearch 9 backend, with Danish and English analysers chosen by language.

Wagtail keeps all pages in one index, so every text field gets one sub-field per language, each
with that language's stemmer and stop words (e.g. `_all_text.da`, `_all_text.en`). A query reads
the sub-field of the language it is limited to (search.backends.languages), the same rule as the
PostgreSQL backend. Autocomplete keeps Wagtail's language-neutral edge n-grams.

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "search.backends.elasticsearch9",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": "innovatarium_",
    }}
"""

from search.backends.languages import query_language
from search.backends.modelsearch_adapter import elasticsearch9, fields_in_language, merged_settings

# modelsearch's Elasticsearch 9 classes, which the ones below extend.
upstream = elasticsearch9()

# Site language code -> Elasticsearch's name for the language (stemmer and stop-word list).
LANGUAGES = {"da": "danish", "en": "english"}


def analyzer_name(language_code: str) -> str:
    return f"text_{language_code}"


def language_analysis() -> dict:
    """Index settings with one analyser per language: lower case, stop words, a stemmer."""
    analyzers, filters = {}, {}
    for code, language in LANGUAGES.items():
        filters[f"{code}_stop"] = {"type": "stop", "stopwords": f"_{language}_"}
        filters[f"{code}_stemmer"] = {"type": "stemmer", "language": language}
        analyzers[analyzer_name(code)] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", f"{code}_stop", f"{code}_stemmer"],
        }
    return {"settings": {"analysis": {"analyzer": analyzers, "filter": filters}}}


class LanguageMapping(upstream.Mapping):
    def get_mapping(self):
        mapping = super().get_mapping()
        _add_language_fields(mapping["properties"])
        return mapping


def _add_language_fields(properties: dict) -> None:
    for name, field in properties.items():
        if field.get("type") == "nested":
            _add_language_fields(field["properties"])
        # Edge n-gram fields serve autocomplete and stay language-neutral.
        elif field.get("type") == "text" and "analyzer" not in field and name != "_edgengrams":
            field["fields"] = {code: {"type": "text", "analyzer": analyzer_name(code)} for code in LANGUAGES}


class LanguageSearchQueryCompiler(upstream.SearchQueryCompiler):
    mapping_class = LanguageMapping

    def _remap_fields(self, fields):
        code = query_language(self.queryset)
        if code not in LANGUAGES:
            return super()._remap_fields(fields)
        return fields_in_language(super()._remap_fields(fields), code)


class LanguageAutocompleteQueryCompiler(upstream.AutocompleteQueryCompiler):
    mapping_class = LanguageMapping


class LanguageSearchBackend(upstream.SearchBackend):
    mapping_class = LanguageMapping
    query_compiler_class = LanguageSearchQueryCompiler
    autocomplete_query_compiler_class = LanguageAutocompleteQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.settings = merged_settings(self.settings, language_analysis())


SearchBackend = LanguageSearchBackend
