"""The site search: reads the visitor's request, searches their language, and shapes the results.

Everything here runs a fixed number of queries whatever the page size: the results arrive as
specific pages in one query per page type, and the highlighted snippets for the shown page of
results come in one more.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from core.search_types import SearchResultType
from search.backends.modelsearch_adapter import INDEXED_TEXT, index_entry_model
from search.backends.postgres import DEFAULT_SEARCH_CONFIGS, LocaleSearchBackend
from search.registry import result_type, result_type_for_content_type, result_types

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
AUTOCOMPLETE_SIZE = 6
VOCABULARY_SECONDS = 600
# Marks put around matched words by PostgreSQL, turned into <mark> after escaping the text.
_START, _STOP = "\ue000", "\ue001"
# Anything but letters, digits, hyphens and apostrophes between words is a separator: the
# visitor types words, not query syntax, so &|!:*()\ and the like never reach the parser.
_NOT_WORD = re.compile(r"[^\w'-]+|_")


def clean_query(raw: str) -> str:
    """The visitor's words, without control characters or syntax, shortened to a sane length."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw[:2000])
    words = [word.strip("'-") for word in _NOT_WORD.split(text)]
    words = [word for word in words if word][:MAX_QUERY_WORDS]
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


@dataclass
class SearchRequest:
    query: str = ""
    type: SearchResultType | None = None
    facet_value: str = ""
    page: str = "1"

    @classmethod
    def from_query(cls, params) -> "SearchRequest":
        """Unknown types and facet values are ignored, never an error: old links keep working."""
        kind = result_type(params.get("type", ""))
        facet_value = ""
        if kind is not None and kind.facet is not None:
            value = params.get(kind.facet.field, "")
            facet_value = value if value in kind.facet.values else ""
        page = params.get("page", "1")
        return cls(
            query=clean_query(params.get("q", "")),
            type=kind,
            facet_value=facet_value,
            page=page if page.isdigit() and len(page) < 6 else "1",
        )

    def query_string(self, type_key: str | None = None, facet_value: str | None = None) -> str:
        """This search as a query string (without the page), optionally with another type or facet."""
        type_key = self.type.key if type_key is None and self.type else type_key or ""
        kind = result_type(type_key)
        if facet_value is None:
            facet_value = self.facet_value if kind == self.type else ""
        params = {"q": self.query}
        if kind is not None:
            params["type"] = kind.key
            if kind.facet is not None and facet_value:
                params[kind.facet.field] = facet_value
        return urlencode(params)


@dataclass
class Result:
    page: Page
    type: SearchResultType | None
    snippet: SafeString | str = ""

    @property
    def date(self):
        return getattr(self.page, self.type.date_field, None) if self.type and self.type.date_field else None


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    query: str  # the query string that chooses this option


@dataclass
class SearchOutcome:
    request: SearchRequest
    results: PaginatorPage | None = None
    items: list[Result] = field(default_factory=list)
    total: int = 0
    type_options: list[FacetOption] = field(default_factory=list)
    facet_options: list[FacetOption] = field(default_factory=list)
    suggestion: str = ""

    @property
    def everything_query(self) -> str:
        return self.request.query_string(type_key="")

    @property
    def type_query(self) -> str:
        return self.request.query_string(facet_value="")


def pages_in(locale: Locale, model=Page):
    return model.objects.live().public().filter(locale=locale)


def searchable_pages(locale: Locale):
    return pages_in(locale).type(*(kind.model for kind in result_types()))


def search(request: SearchRequest, locale: Locale, per_page: int | None = None) -> SearchOutcome:
    outcome = SearchOutcome(request=request)
    if not request.query:
        return outcome
    backend = get_search_backend()

    all_types = backend.search(request.query, searchable_pages(locale))
    counts = all_types.facet("content_type_id")
    outcome.type_options = [
        FacetOption(
            kind.key,
            kind.plural,
            counts.get(kind.content_type_id, 0),
            kind == request.type,
            request.query_string(type_key=kind.key, facet_value=""),
        )
        for kind in result_types()
    ]

    kind = request.type
    if kind is None:
        results = backend.search(request.query, searchable_pages(locale).specific())
    else:
        pages = pages_in(locale, kind.model)
        if kind.facet is not None:
            values = backend.search(request.query, pages).facet(kind.facet.field)
            outcome.facet_options = [
                FacetOption(
                    value,
                    label,
                    values.get(value, 0),
                    value == request.facet_value,
                    request.query_string(facet_value=value),
                )
                for value, label in kind.facet.choices
                if values.get(value) or value == request.facet_value
            ]
            if request.facet_value:
                pages = pages.filter(**{kind.facet.field: request.facet_value})
        results = backend.search(request.query, pages)

    outcome.results = Paginator(results, per_page or PAGE_SIZE).get_page(request.page)
    outcome.total = outcome.results.paginator.count
    shown = list(outcome.results.object_list)
    snippets = highlighted_snippets(shown, request.query, text_search_config(locale.language_code))
    outcome.items = [
        Result(page, result_type_for_content_type(page.content_type_id), snippets.get(page.pk, ""))
        for page in shown
    ]
    if not outcome.total:
        outcome.suggestion = suggestion(request.query, locale)
    return outcome


def text_search_config(language_code: str) -> str:
    """PostgreSQL's text-search configuration for a language, whichever backend answers queries."""
    backend = get_search_backend()
    if isinstance(backend, LocaleSearchBackend):
        return backend.config_for(language_code)
    return DEFAULT_SEARCH_CONFIGS.get(language_code, "simple")


def highlighted_snippets(pages: list[Page], query: str, config: str) -> dict[int, SafeString]:
    """Up to two passages of each page's indexed text with the matching words in <mark>.

    ts_headline reads the whole text, so it runs only for the results on show, in one query.
    """
    if not pages:
        return {}
    headlines = (
        Page.objects.filter(pk__in=[page.pk for page in pages])
        .annotate(
            snippet=SearchHeadline(
                INDEXED_TEXT,
                # Any of the words, so a word found only in the title still marks the others.
                SearchQuery(" | ".join(map(_quoted, query.split())), search_type="raw", config=config),
                config=config,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "snippet")
    )
    snippets = {}
    for pk, text in headlines:
        if text:
            marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
            snippets[pk] = mark_safe(marked)  # noqa: S308 (escaped above; only our marks are HTML)
    return snippets


def _quoted(word: str) -> str:
    """A word as a tsquery operand: quoted, so the text-search parser sees no operators in it."""
    return "'" + word.replace("'", "''") + "'"


def autocomplete(text: str, locale: Locale, request=None) -> list[dict]:
    """Titles that start with what the visitor has typed so far, for the search box."""
    query = clean_query(text)
    if len(query) < 2:
        return []
    pages = get_search_backend().autocomplete(query, searchable_pages(locale))[:AUTOCOMPLETE_SIZE]
    suggestions = []
    for page in pages:
        kind = result_type_for_content_type(page.content_type_id)
        suggestions.append(
            {"title": page.title, "url": page.get_url(request), "type": str(kind.label) if kind else ""}
        )
    return suggestions


def suggestion(query: str, locale: Locale) -> str:
    """A nearby spelling of the query that finds something, or "".

    Each word that the pages in this language never use is replaced by the closest word they do
    use (difflib's ratio; PostgreSQL's pg_trgm would need an extension that the embedded server
    lacks, and this behaves the same on every server).
    """
    words = vocabulary(locale)
    if not words:
        return ""
    corrected, changed = [], False
    for word in query.lower().split():
        if word in words or len(word) < 3:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(
            word, [known for known in words if abs(len(known) - len(word)) <= 2], n=1, cutoff=0.75
        )
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    if not changed:
        return ""
    candidate = " ".join(corrected)
    return candidate if get_search_backend().search(candidate, searchable_pages(locale)).count() else ""


def vocabulary(locale: Locale) -> frozenset[str]:
    """Every word of three letters or more in the live pages of a language, cached for a while."""
    key = f"search-vocabulary:{locale.language_code}"
    words = cache.get(key)
    if words is None:
        words = frozenset(_vocabulary_from_index(locale))
        cache.set(key, words, VOCABULARY_SECONDS)
    return words


def _vocabulary_from_index(locale: Locale) -> list[str]:
    # A page's entry is filed under its specific type, which the page row also records.
    # ts_stat takes its document query as text; only an integer from our own table goes into it.
    documents = (
        f"SELECT to_tsvector('simple', e.title_text || ' ' || e.body_text) "  # noqa: S608
        f"FROM {index_entry_model()._meta.db_table} e JOIN {Page._meta.db_table} p "
        f"ON e.object_id = p.id::text AND e.content_type_id = p.content_type_id "
        f"WHERE p.live AND p.locale_id = {int(locale.pk)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat(%s) WHERE length(word) >= 3 AND word ~ '^[[:alpha:]]+$'",
            [documents],
        )
        return [row[0] for row in cursor.fetchall()]
