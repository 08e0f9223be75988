"""Helpers that build published events on top of the demo site, for any test that needs one."""

import datetime as dt
import itertools
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from wagtail.models import Locale

from events.models import (
    EventIndexPage,
    EventPage,
    Registration,
    RegistrationNight,
    RegistrationStatus,
    Venue,
)
from home.models import HomePage

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
_numbers = itertools.count(1)


def local(year, month, day, hour=0, minute=0) -> dt.datetime:
    """An aware datetime on Danish wall-clock time, e.g. local(2026, 3, 3, 9, 30)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


def price_options(*options: tuple[str, str]) -> str:
    """StreamField JSON for price options given as (label, amount) pairs, all exempt from VAT."""
    return json.dumps(
        [
            {
                "type": "price",
                "value": {
                    "label": label,
                    "amount": amount,
                    "vat": "exempt",
                    "vat_exempt_reason": "Momsfritaget undervisning, momsloven § 13, stk. 1, nr. 3",
                },
            }
            for label, amount in options
        ]
    )


def event_index(language_code: str = "da") -> EventIndexPage:
    """The event list under the demo home page, created (Danish, slug "arrangementer") when missing."""
    danish_home = HomePage.objects.get(locale__language_code="da")
    index = EventIndexPage.objects.child_of(danish_home).first()
    if index is None:
        index = EventIndexPage(title="Arrangementer", slug="arrangementer", locale=danish_home.locale)
        danish_home.add_child(instance=index)
        index.save_revision().publish()
    if language_code != "da":
        index = index.get_translation(Locale.objects.get(language_code=language_code))
    return index


def make_venue(**fields) -> Venue:
    """A Danish venue; any Venue field can be given (locale for another language)."""
    number = next(_numbers)
    defaults = {
        "name": f"Innovatarium, sal {number}",
        "street_address": "Idéstien 1",
        "postal_code": "5500",
        "city": "Middelfart",
        "locale": Locale.objects.get(language_code="da"),
    }
    return Venue.objects.create(**{**defaults, **fields})


def make_event(index_page: EventIndexPage | None = None, **overrides) -> EventPage:
    """A published Danish event, by default a workshop on 3 March 2026, 9:30–15:00 Danish time.

    index_page: the parent; the Danish event list (made when missing) by default.
    overrides: any EventPage field, e.g.
        title, slug (unique ones are made up), format (EventFormat value), summary,
        start, end (aware datetimes, see local()), status, attendance_mode,
        capacity (3), price_options (StreamField JSON, see price_options(); one "Standard" at 1500.00),
        venue (a new Venue; None for none), registration_opens, registration_closes, image.
    Many-to-many fields (speakers, themes, …) are set after creation, then the page is published.
    """
    index_page = index_page or event_index()
    number = next(_numbers)
    many_to_many = {
        name: overrides.pop(name)
        for name in ("speakers", "partners", "themes", "professions")
        if name in overrides
    }
    fields = {
        "title": f"Workshop om samskabelse {number}",
        "slug": f"workshop-om-samskabelse-{number}",
        "format": "workshop",
        "summary": "En dag om at udvikle velfærd sammen med borgerne.",
        "start": local(2026, 3, 3, 9, 30),
        "end": local(2026, 3, 3, 15, 0),
        "capacity": 3,
        "price_options": price_options(("Standard", "1500.00")),
        "locale": index_page.locale,
        **overrides,
    }
    if "venue" not in overrides:
        fields["venue"] = make_venue(locale=index_page.locale)  # a page names snippets in its language
    event = EventPage(**fields)
    index_page.add_child(instance=event)
    for name, values in many_to_many.items():
        getattr(event, name).set(values)
    return publish(event)


def publish(page):
    """Publish the page as an editor would (through a revision) and return it fresh from the database."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def translate_event(event: EventPage, title: str | None = None, **fields) -> EventPage:
    """The published English translation of a Danish event.

    title: the English title ("<Danish title> (English)" by default).
    fields: any other translatable field to set, e.g. slug, summary.
    The Danish event list is copied to English first when it has no translation yet.
    """
    english = Locale.objects.get(language_code="en")
    translated = event.copy_for_translation(english, copy_parents=True)
    translated.title = title or f"{event.title} (English)"
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


def make_registration(event, name, status=RegistrationStatus.CONFIRMED, nights=(), **fields):
    """A registration made directly (no booking rules), by default confirmed at the first price."""
    registration = Registration.objects.create(
        event=event,
        status=status,
        name=name,
        email=fields.pop("email", f"{name.split()[0].lower()}@example.dk"),
        price_option_id=event.price_options[0].id,
        price_label="Standard",
        price_amount=Decimal("1500.00"),
        vat_rate="exempt",
        payer_type=fields.pop("payer_type", "private"),
        accepted_terms_at=timezone.now(),
        accommodation_price_per_night=Decimal("800.00") if nights else None,
        **fields,
    )
    RegistrationNight.objects.bulk_create(
        RegistrationNight(registration=registration, night=n) for n in nights
    )
    return registration


def open_registration_page(client, registration) -> str:
    """Open the registration's e-mailed link in `client`, as the registrant does; the page's address
    (without the token), which the client may now see."""
    from events.tokens import registration_path

    response = client.get(registration_path(registration))
    assert response.status_code == 303, response.status_code
    return response["Location"]
