"""Shared helpers for records in several languages: canonical rows, labels, dates and pagination."""

import base64
import binascii
import datetime as dt
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, DateTimeField, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone, translation

from core.query_params import InvalidFilter
from partner_api.changes import SinceTime, SyncMark
from partner_api.http import Answer
from partner_api.models import ListingChange

LANGUAGES = [code for code, _name in settings.LANGUAGES]
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
OFFSET_HELP = (
    "Start at this position (older clients). Follow next instead: its cursor cannot skip an item "
    "when an earlier one leaves the list during a load."
)
CURSOR_HELP = "Continuation from a next link; take it unchanged (not with offset)."


def iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    # The wall-clock time and offset in Denmark (settings.TIME_ZONE), whatever zone a request activated.
    return timezone.localtime(moment, timezone.get_default_timezone()).isoformat(timespec="seconds")


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


def with_last_modified(pages: QuerySet, kind: str, moments=()) -> QuerySet:
    """The latest of the change log's entries, the page's own publication and the given moments
    (expressions that are NULL until they have passed: a record that changes by itself with time,
    such as an event whose registration closes, is modified at that moment)."""
    logged = (
        ListingChange.objects.filter(kind=kind, translation_key=OuterRef("translation_key"))
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    return pages.annotate(
        # PostgreSQL's GREATEST skips NULLs: moments still to come do not count.
        last_modified=Greatest(
            Subquery(logged, output_field=DateTimeField()),
            "last_published_at",
            *moments,
            output_field=DateTimeField(),
        )
    )


def one_by_id(pages: QuerySet, kind: str, item_id: str, moments=()):
    """The canonical page with this id (a translation key) and its last_modified, or None for an
    id that is malformed or not published: both are a 404 to the client."""
    try:
        key = uuid.UUID(item_id)
    except ValueError:
        return None
    return with_last_modified(canonical(pages), kind, moments).filter(translation_key=key).first()


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
    """Absolute next and previous links by offset (older clients), keeping every other parameter."""
    following = link(request, limit=limit, offset=offset + limit) if offset + limit < count else None
    previous = link(request, limit=limit, offset=max(offset - limit, 0)) if offset > 0 else None
    return following, previous


def link(request, **page) -> str:
    """The same list with other paging parameters, as an absolute address."""
    params = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in ("offset", "limit", "cursor")
        for value in values
    ]
    params += [(name, str(value)) for name, value in page.items()]
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


TOMBSTONES, RECORDS = "gone", "items"
WRONG_CURSOR = "cursor must be taken unchanged from a next link."


@dataclass(frozen=True)
class Continuation:
    """Where the next page starts: after the last tombstone or record handed out (by its sort
    values, not by a count, so an earlier item that leaves the list cannot push one past the
    client), in the run that began at `mark` (every page of a run answers that run's sync_token)."""

    mark: SyncMark
    phase: str
    after: tuple[str, ...]

    def encode(self) -> str:
        raw = json.dumps([self.mark.token(), self.phase, list(self.after)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Continuation":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            token, phase, after = json.loads(raw)
        except (binascii.Error, ValueError, TypeError):
            raise InvalidFilter("cursor", WRONG_CURSOR) from None
        if phase not in (TOMBSTONES, RECORDS) or not isinstance(after, list) or len(after) > 3:
            raise InvalidFilter("cursor", WRONG_CURSOR)
        if not isinstance(token, str) or not all(isinstance(value, str) for value in after):
            raise InvalidFilter("cursor", WRONG_CURSOR)
        return cls(SyncMark.parse(token, "cursor"), phase, tuple(after))


def continuation_of(query, offset: int, model, ordering) -> Continuation | None:
    """The continuation in the request's cursor, checked against the list's order (raises
    InvalidFilter for one that did not come from a next link of this list)."""
    cursor = query.get("cursor", "")
    if not cursor:
        return None
    if offset:
        raise InvalidFilter("cursor", "Give cursor or offset, not both.")
    page = Continuation.decode(cursor)
    if page.phase == TOMBSTONES:
        tombstone_after(page.after)
    else:
        typed_values(model, ordering, page.after)
    return page


def tombstone_after(values: tuple[str, ...]) -> tuple[dt.datetime, str]:
    """The (moment, id) of the last tombstone handed out, to the microsecond."""
    if len(values) != 2:
        raise InvalidFilter("cursor", WRONG_CURSOR)
    try:
        moment = dt.datetime.fromisoformat(values[0])
    except ValueError:
        raise InvalidFilter("cursor", WRONG_CURSOR) from None
    if moment.tzinfo is None:
        raise InvalidFilter("cursor", WRONG_CURSOR)
    return moment, values[1]


def in_order(items: QuerySet, ordering) -> QuerySet:
    return items.order_by(*[("-" if descending else "") + name for name, descending in ordering])


def sort_values(page, ordering) -> tuple[str, ...]:
    values = []
    for name, _descending in ordering:
        value = getattr(page, name)
        values.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
    return tuple(values)


def typed_values(model, ordering, values: tuple[str, ...]) -> list:
    if len(values) != len(ordering):
        raise InvalidFilter("cursor", WRONG_CURSOR)
    try:
        typed = [
            model._meta.get_field(name).to_python(value)
            for (name, _), value in zip(ordering, values, strict=True)
        ]
    except ValidationError:
        raise InvalidFilter("cursor", WRONG_CURSOR) from None
    if any(value is None for value in typed):
        raise InvalidFilter("cursor", WRONG_CURSOR)
    return typed


def after(items: QuerySet, ordering, values: tuple[str, ...]) -> QuerySet:
    """The items after the one with these sort values, in `ordering` ((field, descending), …)."""
    typed = typed_values(items.model, ordering, values)
    condition = Q()
    for index, (name, descending) in enumerate(ordering):
        same = {earlier: typed[position] for position, (earlier, _) in enumerate(ordering[:index])}
        condition |= Q(**same, **{f"{name}__{'lt' if descending else 'gt'}": typed[index]})
    return items.filter(condition)


def paginate(
    request,
    kind: str,
    items: QuerySet,
    *,
    gone: list,
    mark,
    ordering,
    page,
    offset: int,
    limit: int,
    build,
    now,
    passed=None,
):
    """One page of a sync-capable list: the tombstones first, then the items in `ordering`.

    `page` continues a run (a Continuation from the cursor of a next link); without one, `offset`
    counts from the start (older clients; a count can skip an item when an earlier one leaves the
    list, so next links carry a cursor). build(request, page_of_items, now) turns canonical pages
    into records; `gone` are the tombstones from changed_since(); `mark` is where the run began.
    `passed` is the latest moment, up to now, at which an item entered or left the list by time
    alone (an event that ended): the list's Last-Modified is never older, so that If-Modified-Since
    cannot answer 304 for a list that lost an item that way.
    """
    count = len(gone) + items.count()
    if page is None:
        gone_left, items_left = gone[offset:], items[max(offset - len(gone), 0) :]
    elif page.phase == TOMBSTONES:
        last = tombstone_after(page.after)
        gone_left, items_left = [tombstone for tombstone in gone if tombstone > last], items
    else:
        gone_left, items_left = [], after(items, ordering, page.after)
    shown_gone = gone_left[:limit]
    room = limit - len(shown_gone)
    shown = list(items_left[: room + 1])  # one more than fits tells whether a next page exists
    more = len(gone_left) > limit or len(shown) > room
    shown = shown[:room]
    results = [{"id": key, "deleted": True, "last_modified": iso(moment)} for moment, key in shown_gone]
    results += build(request, shown, now)
    following = resume = None
    if more:
        if shown:
            resume = Continuation(mark, RECORDS, sort_values(shown[-1], ordering))
        else:
            moment, key = shown_gone[-1]
            resume = Continuation(mark, TOMBSTONES, (moment.isoformat(), key))
        following = link(request, limit=limit, cursor=resume.encode())
    previous = page_links(request, offset, limit, count)[1] if page is None else None
    payload = {
        "count": count,
        "next": following,
        "previous": previous,
        "as_of": iso(now),
        "sync_token": mark.token(),
        "results": results,
    }
    modified = latest(results, ListingChange.objects.filter(kind=kind))
    if passed is not None:
        modified = max(modified, passed) if modified else passed
    # The ETag is made from what the data is: the clock, the sync token and the run's mark in the
    # cursor change with every request and would make every answer look new.
    fingerprint = {
        **payload,
        "as_of": None,
        "sync_token": None,
        "next": [resume.phase, list(resume.after)] if resume else None,
    }
    return Answer(payload, modified, fingerprint)


def linked_slugs(model, pages: list, relation: str, attribute: str = "slug") -> dict[int, list]:
    """{page id: [slug, …]} for a many-to-many relation of the given pages, in one query."""
    field = model._meta.get_field(relation)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = field.remote_field.through.objects.filter(**{f"{source}_id__in": [page.pk for page in pages]})
    grouped: dict[int, list] = {}
    ordered = rows.order_by(f"{target}__{attribute}", "pk")
    for page_id, value in ordered.values_list(f"{source}_id", f"{target}__{attribute}"):
        grouped.setdefault(page_id, []).append(value)
    return grouped


def images(pages: list, spec: str, attribute: str = "image_id") -> dict:
    """Renditions of the pages' images, by image id, in two queries."""
    from wagtail.images import get_image_model

    ids = {getattr(page, attribute) for page in pages if getattr(page, attribute)}
    if not ids:
        return {}
    found = get_image_model().objects.filter(pk__in=ids).prefetch_renditions(spec)
    return {image.pk: image.get_rendition(spec) for image in found}


def latest(results: list[dict], changes: QuerySet):
    """Last-Modified of a list: its newest record, or a newer change that removed a record from it."""
    moments = [dt.datetime.fromisoformat(item["last_modified"]) for item in results if item["last_modified"]]
    logged = changes.aggregate(latest=Max("changed_at"))["latest"]
    moments += [logged] if logged else []
    return max(moments) if moments else None


def changed_since(items: QuerySet, base, kind: str, since, moments=()) -> tuple[QuerySet, list]:
    """For a sync request: the filtered items changed since the mark `since` (a SyncMark or a
    SinceTime), and the tombstones, oldest first, as (moment, id): items that changed since then
    and are not in the filtered list now. They were unpublished, deleted or made private, or no
    longer match the filters (an event whose partner was taken off, one no longer upcoming); an
    item that never matched is among them too, and its tombstone costs the mirror nothing.

    `items` are canonical pages annotated with last_modified; `base()` gives every listed page (a
    callable: Wagtail's public() runs a query as soon as it is called, which a plain list skips)."""
    if since is None:
        return items, []
    logged = since.changes_after(ListingChange.objects.filter(kind=kind))

    def changed(pages: QuerySet) -> QuerySet:
        condition = Q(translation_key__in=logged.values("translation_key"))
        if isinstance(since, SinceTime):
            condition |= Q(last_modified__gte=since.moment)
        for number, moment in enumerate(moments):
            pages = pages.alias(**{f"turned_{number}": moment})
            condition |= Q(**{f"turned_{number}__gte": since.moment})
        return pages.filter(condition)

    shown = items.values("translation_key")
    gone = dict(
        logged.exclude(translation_key__in=shown)
        .values("translation_key")
        .annotate(latest=Max("changed_at"))
        .values_list("translation_key", "latest")
    )
    left = changed(with_last_modified(canonical(base()), kind, moments)).exclude(translation_key__in=shown)
    for key, moment in left.values_list("translation_key", "last_modified"):
        gone[key] = max(moment, gone.get(key, moment))
    return changed(items), sorted((moment, str(key)) for key, moment in gone.items())


def absolute(url: str) -> str:
    """Media and document addresses as full URLs, like Wagtail's rendition.full_url."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url if url.startswith("/") else url
