"""Fixtures for the API tests: a frozen clock, vocabularies and an event list of our own, and stored
expected JSON."""

import json
import os
import re
import uuid
from pathlib import Path

import pytest
import time_machine

from django.core.cache import cache

from wagtail.models import Locale

from events.models import EventPage
from partner_api.models import ListingChange
from people.models import Organisation, OrganisationKind
from taxonomy.models import Profession, Theme
from tests.clearing import delete_demo_rows
from tests.events.factories import event_index, local, make_event, make_venue, translate_event

NOW = local(2026, 11, 26, 12)
EXPECTED = Path(__file__).parent / "expected"
LISTINGS = "/api/listings/v1"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


# The filters' vocabularies in these tests: (slug, Danish, English); partners also have a kind.
THEMES = [
    ("medskabelse", "Medskabelse", "Co-production"),
    ("rummelighed", "Rummelighed", "Inclusiveness"),
    ("teknologi-i-velfaerd", "Teknologi i velfærd", "Technology in welfare"),
]
PROFESSIONS = [
    ("omsorgsmedhjaelper", "Omsorgsmedhjælper", "Care helper"),
    ("underviser", "Underviser", "Instructor"),
]
PARTNERS = [
    ("kursusforbundet", OrganisationKind.UNION, "Kursusforbundet", "The Course Union"),
    ("kursusfonden", OrganisationKind.FOUNDATION, "Kursusfonden", "The Course Foundation"),
]


@pytest.fixture
def vocabularies(db):
    """Themes, professions and partners of the tests' own, next to the demo's."""
    make_vocabularies()


def make_vocabularies():
    danish, english = Locale.objects.get(language_code="da"), Locale.objects.get(language_code="en")
    for model, entries in ((Theme, THEMES), (Profession, PROFESSIONS)):
        for slug, name, english_name in entries:
            translation = model.objects.create(slug=slug, name=name, locale=danish).copy_for_translation(
                english
            )
            translation.name = english_name
            translation.save()
    for slug, kind, name, english_name in PARTNERS:
        organisation = Organisation.objects.create(slug=slug, kind=kind, name=name, locale=danish)
        translation = organisation.copy_for_translation(english)
        translation.name = english_name
        translation.save()
    cache.clear()


@pytest.fixture
def index(vocabularies):
    """The Danish event list, emptied of the demo's events: each test makes the events it needs."""
    return empty_event_index()


def empty_event_index():
    index = event_index()
    delete_demo_rows(EventPage.objects.all())
    ListingChange.objects.all().delete()  # the demo's tombstones are not what the tests are about
    cache.clear()  # the deletions above bumped the cache version; start from nothing
    return index


def prices(*options) -> str:
    """Price options with fixed block ids: (id, label, amount, vat)."""
    return json.dumps(
        [
            {
                "type": "price",
                "id": block_id,
                "value": {
                    "label": label,
                    "amount": amount,
                    "vat": vat,
                    "vat_exempt_reason": "Momsfritaget undervisning, momsloven § 13, stk. 1, nr. 3"
                    if vat == "exempt"
                    else "",
                },
            }
            for block_id, label, amount, vat in options
        ]
    )


def course_day(number: int = 1, english: bool = True, **fields) -> EventPage:
    """A course day with the demo union as partner, a fixed id and fixed price ids; English too by default."""
    union = Organisation.objects.get(slug="kursusforbundet", locale__language_code="da")
    defaults = {
        "translation_key": uuid.UUID(int=number),
        "title": f"Kursusdag om samskabelse {number}",
        "slug": f"kursusdag-om-samskabelse-{number}",
        "format": "course-day",
        "summary": "En kursusdag for pædagoger om at udvikle velfærd sammen med borgerne.",
        "start": local(2027, 3, number, 9, 30),
        "end": local(2027, 3, number, 15, 0),
        "capacity": 20,
        "price_options": prices(
            ("00000000-0000-0000-0000-00000000000a", "Medlem", "0.00", "exempt"),
            ("00000000-0000-0000-0000-00000000000b", "Ikke-medlem", "1250.00", "25"),
        ),
        "venue": make_venue(name="Innovatarium", street_address="Idéstien 1", postal_code="5500"),
        "partners": [union],
        "themes": [Theme.objects.get(slug="medskabelse", locale__language_code="da")],
        "professions": [Profession.objects.get(slug="omsorgsmedhjaelper", locale__language_code="da")],
    }
    event = make_event(**{**defaults, **fields})
    if english:
        translate_event(
            event,
            title=f"Course day on co-creation {number}",
            slug=f"course-day-on-co-creation-{number}",
            summary="A course day for pedagogues on developing welfare together with citizens.",
        )
    return EventPage.objects.get(pk=event.pk)


def assert_expected(name: str, data) -> None:
    """Compare with tests/api/expected/<name>.json; API_UPDATE_EXPECTED=1 writes the file instead."""
    path = EXPECTED / f"{name}.json"
    if isinstance(data, dict) and "sync_token" in data:
        # The token holds transaction ids, which differ from run to run; its form is checked here.
        assert re.fullmatch(r"1\.\d+\.\d+\.\d+", data["sync_token"]), data["sync_token"]
        data = {**data, "sync_token": "<sync_token>"}
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("API_UPDATE_EXPECTED") == "1":
        path.write_text(text)
    assert path.exists(), f"{path} is missing: run with API_UPDATE_EXPECTED=1 once and review it"
    assert json.loads(text) == json.loads(path.read_text())
