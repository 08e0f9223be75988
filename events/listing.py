"""The event list: filters from the query string, upcoming or past, paginated, in bounded queries."""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from events.availability import availability, with_free_seats, with_seats_taken
from events.models import EventPage
from events.vocabulary import EventFormat
from people.models import Organisation
from taxonomy.models import Profession, Theme

PAGE_SIZE = 12
SLUG = re.compile(r"[-a-z0-9]{1,80}")


@dataclass
class Filters:
    format: str = ""
    theme: str = ""
    profession: str = ""
    partner: str = ""
    month: str = ""  # YYYY-MM
    free_seats: bool = False
    past: bool = False

    @classmethod
    def from_query(cls, query) -> "Filters":
        """Unknown values are ignored, never an error: a shared link with an old filter still works."""
        filters = cls(
            format=query.get("format", "") if query.get("format") in EventFormat.values else "",
            theme=_slug(query.get("theme", "")),
            profession=_slug(query.get("profession", "")),
            partner=_slug(query.get("partner", "")),
            free_seats=query.get("free_seats") == "1",
            past=query.get("when") == "past",
        )
        month = query.get("month", "")
        try:
            dt.datetime.strptime(month, "%Y-%m")
            filters.month = month
        except ValueError:
            pass
        return filters

    def apply(self, events: QuerySet) -> QuerySet:
        if self.format:
            events = events.filter(format=self.format)
        # Vocabularies share slugs across languages, and events point at the source-language rows.
        if self.theme:
            events = events.filter(themes__slug=self.theme)
        if self.profession:
            events = events.filter(professions__slug=self.profession)
        if self.partner:
            events = events.filter(partners__slug=self.partner)
        if self.month:
            year, month = (int(part) for part in self.month.split("-"))
            events = events.filter(start__year=year, start__month=month)
        if self.free_seats:
            events = with_free_seats(events)
        return events.distinct()


def _slug(value: str) -> str:
    """A vocabulary slug, or nothing: anything else cannot match and must not reach the database."""
    return value if SLUG.fullmatch(value) else ""


def upcoming_events(index_page=None, locale=None) -> QuerySet:
    events = EventPage.objects.live().public().filter(end__gte=timezone.now())
    if index_page is not None:
        events = events.child_of(index_page)
    if locale is not None:
        events = events.filter(locale=locale)
    return events


def events_for_list(events: QuerySet) -> QuerySet:
    """Everything a card or a feed entry shows, in one query whatever the page size."""
    source_sequence = EventPage.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=settings.LANGUAGE_CODE
    ).values("sequence")[:1]
    return (
        with_seats_taken(events)
        .select_related("venue", "locale")
        .annotate(calendar_sequence=Subquery(source_sequence))
    )


def event_listing(index_page, request) -> dict:
    filters = Filters.from_query(request.GET)
    now = timezone.now()
    events = EventPage.objects.live().public().child_of(index_page)
    if filters.past:
        events = events.filter(end__lt=now).order_by("-start", "pk")
    else:
        events = events.filter(end__gte=now).order_by("start", "pk")
    events = events_for_list(filters.apply(events))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.availability = availability(event, now)
    locale = Locale.get_active()
    return {
        "events": page,
        "filters": filters,
        "format_choices": EventFormat.choices,
        "theme_choices": list(Theme.objects.filter(locale=locale).values_list("slug", "name")),
        "profession_choices": list(Profession.objects.filter(locale=locale).values_list("slug", "name")),
        "partner_choices": list(Organisation.objects.filter(locale=locale).values_list("slug", "name")),
        "month_choices": month_choices(now),
        "filter_query": filter_query(request.GET),
        "list_title": _("Past events") if filters.past else _("Upcoming events"),
    }


def month_choices(now, count=12) -> list[tuple[str, dt.date]]:
    local = timezone.localtime(now)
    year, month = local.year, local.month
    choices = []
    for _index in range(count):
        choices.append((f"{year:04d}-{month:02d}", dt.date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


def filter_query(query) -> str:
    """The query string without the page number, for pagination links."""
    params = query.copy()
    params.pop("page", None)
    return params.urlencode()
