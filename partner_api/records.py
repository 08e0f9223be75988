"""Shared helpers for records in several languages: canonical rows, labels, dates and pagination."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, DateTimeField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Greatest
from django.utils import translation

from partner_api.models import ListingChange

TZ = ZoneInfo("Europe/Copenhagen")
LANGUAGES = [code for code, _name in settings.LANGUAGES]
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


def iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(TZ).isoformat(timespec="seconds") if moment else None


def localized(values: dict[str, str | None]) -> dict[str, str | None]:
    return {language: values.get(language) for language in LANGUAGES}


def label_in_languages(label) -> dict[str, str]:
    """A lazy gettext label in every language, e.g. an event format's name."""
    names = {}
    for language in LANGUAGES:
        with translation.override(language):
            names[language] = str(label)
    return names


def canonical(pages: QuerySet) -> QuerySet:
    """One row per item (translation key): the page in the default language, else another language.

    The API speaks of items, not pages: an event is one record whatever languages it has.
    """
    default_first = Case(When(locale__language_code=settings.LANGUAGE_CODE, then=Value(0)), default=Value(1))
    chosen = pages.order_by("translation_key", default_first, "pk").distinct("translation_key").values("pk")
    return pages.model.objects.filter(pk__in=Subquery(chosen))


def with_last_modified(pages: QuerySet, kind: str) -> QuerySet:
    """The latest of the change log's entry and the page's own publication."""
    logged = ListingChange.objects.filter(kind=kind, translation_key=OuterRef("translation_key")).values(
        "changed_at"
    )[:1]
    return pages.annotate(
        last_modified=Greatest(
            Subquery(logged, output_field=DateTimeField()), "last_published_at", output_field=DateTimeField()
        )
    )


def translations_by_key(model, keys, related=()) -> dict:
    """Every live, public language of the given items: {translation_key: {language_code: page}}."""
    pages = (
        model.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .select_related("locale", *related)
        .order_by("pk")
    )
    by_key: dict = defaultdict(dict)
    for page in pages:
        by_key[page.translation_key][page.locale.language_code] = page
    return by_key


def vocabulary_names(model) -> dict[str, dict[str, str]]:
    """{slug: {language: name}} for a translatable vocabulary, in one query."""
    names: dict = defaultdict(dict)
    for slug, language, name in model.objects.values_list("slug", "locale__language_code", "name"):
        names[slug][language] = name
    return names


def term(slug: str, names: dict[str, dict[str, str]]) -> dict:
    return {"slug": slug, "name": localized(names.get(slug, {}))}


def money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{Decimal(amount):.2f}"


def page_links(request, offset: int, limit: int, count: int) -> tuple[str | None, str | None]:
    """Absolute next and previous links that keep every other query parameter."""

    def link(new_offset: int) -> str:
        params = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in ("offset", "limit")
            for value in values
        ]
        params += [("limit", str(limit)), ("offset", str(new_offset))]
        return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")

    following = link(offset + limit) if offset + limit < count else None
    previous = link(max(offset - limit, 0)) if offset > 0 else None
    return following, previous
