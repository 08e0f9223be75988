"""Demo events in Danish with English translations: the calendar of a creative house for social innovation.

Dates are relative to today, so the demo always has upcoming events, one past and one cancelled.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

from django.utils import timezone

from wagtail.models import Locale, Page

from events.blocks import VAT_EXEMPT_TEACHING
from events.models import EventIndexPage, EventPage, Venue
from events.vocabulary import EventFormat, EventStatus
from home.demo import same_block_ids, translate_snippet
from people.models import Organisation, OrganisationKind, Person
from taxonomy.models import Profession, Theme

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

THEMES = [
    ("samskabelse", "Samskabelse", "Co-creation"),
    ("inklusion", "Inklusion", "Inclusion"),
    ("borgerinddragelse", "Borgerinddragelse", "Citizen involvement"),
    ("velfaerdsteknologi", "Velfærdsteknologi", "Welfare technology"),
]
PROFESSIONS = [
    ("paedagog", "Pædagog", "Pedagogue"),
    ("socialraadgiver", "Socialrådgiver", "Social worker"),
    ("sygeplejerske", "Sygeplejerske", "Nurse"),
    ("laerer", "Lærer", "Teacher"),
    ("ergoterapeut", "Ergoterapeut", "Occupational therapist"),
]


def _vocabulary(model, entries, danish, english):
    objects = {}
    for slug, name_da, name_en in entries:
        obj = model.objects.create(slug=slug, name=name_da, locale=danish)
        translate_snippet(obj, english, name=name_en)
        objects[slug] = obj
    return objects


def _at(days_ahead: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=COPENHAGEN)


def _prices(*options) -> str:
    return json.dumps(
        [
            {
                "type": "price",
                "value": {
                    "label": label,
                    "amount": f"{amount:.2f}",
                    "vat": vat,
                    "vat_exempt_reason": VAT_EXEMPT_TEACHING if vat == "exempt" else "",
                },
            }
            for label, amount, vat in options
        ]
    )


def _programme(*items) -> str:
    return json.dumps(
        [
            {"type": "item", "value": {"time": time, "title": title, "description": ""}}
            for time, title in items
        ]
    )


def _events(venue, themes, professions, partners, speakers):
    """(Danish fields, English fields, shared fields, relations) for each demo event."""
    return [
        (
            {
                "title": "Samskabelse i praksis",
                "slug": "samskabelse-i-praksis",
                "summary": "To dages workshop, hvor praktikere og borgere sammen udvikler nye løsninger på "
                "udfordringer fra hverdagen i socialt arbejde.",
                "prices": _prices(
                    ("Standard", 1500, "exempt"),
                    ("Medlem af partnerforbund", 1200, "exempt"),
                    ("Studerende", 400, "exempt"),
                ),
                "programme": _programme(
                    ("09:30", "Velkomst og kaffe"),
                    ("10:00", "Fra udfordring til idé"),
                    ("13:00", "Prototyper i fællesskab"),
                ),
                "cancellation_policy": "Gratis afbud indtil 14 dage før. Derefter opkræves fuld pris; du må "
                "gerne sende en kollega i dit sted.",
            },
            {
                "title": "Co-creation in practice",
                "slug": "co-creation-in-practice",
                "summary": "A two-day workshop where practitioners and citizens develop new solutions to everyday "
                "challenges in social work together.",
                "prices": _prices(
                    ("Standard", 1500, "exempt"),
                    ("Member of a partner union", 1200, "exempt"),
                    ("Student", 400, "exempt"),
                ),
                "programme": _programme(
                    ("09:30", "Welcome and coffee"),
                    ("10:00", "From challenge to idea"),
                    ("13:00", "Prototypes together"),
                ),
                "cancellation_policy": "Free cancellation until 14 days before. After that the full price is "
                "charged; you are welcome to send a colleague instead.",
            },
            {
                "format": EventFormat.WORKSHOP,
                "start": _at(21, 9, 30),
                "end": _at(22, 15),
                "capacity": 24,
                "accommodation_price_per_night": "695.00",
                "rooms_per_night": 10,
                "cancellation_deadline": _at(7, 23, 59),
            },
            {
                "themes": [themes["samskabelse"]],
                "professions": list(professions.values()),
                "partners": [partners["fpp"]],
                "speakers": [speakers[0]],
            },
        ),
        (
            {
                "title": "Når borgeren er ekspert",
                "slug": "naar-borgeren-er-ekspert",
                "summary": "Thinkshop om empowerment: tre oplægsholdere deler erfaringer med at lade borgerne "
                "sætte dagsordenen.",
                "prices": _prices(("Standard", 650, "exempt"), ("Studerende", 200, "exempt")),
            },
            {
                "title": "When citizens are the experts",
                "slug": "when-citizens-are-the-experts",
                "summary": "A thinkshop on empowerment: three speakers share their experience of letting citizens "
                "set the agenda.",
                "prices": _prices(("Standard", 650, "exempt"), ("Student", 200, "exempt")),
            },
            {"format": EventFormat.THINKSHOP, "start": _at(35, 13), "end": _at(35, 16), "capacity": 40},
            {
                "themes": [themes["borgerinddragelse"]],
                "professions": [professions["socialraadgiver"]],
                "partners": [],
                "speakers": speakers,
            },
        ),
        (
            {
                "title": "Velfærdsteknologi med omtanke",
                "slug": "velfaerdsteknologi-med-omtanke",
                "summary": "Kursusdag i samarbejde med Fagforeningen for Pædagogisk Praksis om teknologi, der "
                "styrker relationen i stedet for at erstatte den.",
                "prices": _prices(("Standard", 995, "exempt"), ("Medlem af partnerforbund", 0, "exempt")),
            },
            {
                "title": "Welfare technology with care",
                "slug": "welfare-technology-with-care",
                "summary": "A course day with the Union of Pedagogical Practice about technology that strengthens "
                "relationships instead of replacing them.",
                "prices": _prices(("Standard", 995, "exempt"), ("Member of a partner union", 0, "exempt")),
            },
            {"format": EventFormat.COURSE_DAY, "start": _at(49, 9), "end": _at(49, 15, 30), "capacity": 30},
            {
                "themes": [themes["velfaerdsteknologi"]],
                "professions": [professions["paedagog"], professions["ergoterapeut"]],
                "partners": [partners["fpp"]],
                "speakers": [speakers[1]],
            },
        ),
        (
            {
                "title": "Innovationsmessen",
                "slug": "innovationsmessen",
                "summary": "Årets messe for social innovation: prototyper, cases og sparring på tværs af "
                "professioner.",
                "prices": _prices(
                    ("Dagsbillet", 250, "25"),
                ),
            },
            {
                "title": "The innovation fair",
                "slug": "the-innovation-fair",
                "summary": "The year's fair for social innovation: prototypes, case stories and sparring across "
                "professions.",
                "prices": _prices(
                    ("Day ticket", 250, "25"),
                ),
            },
            {
                "format": EventFormat.INNOVATION_FAIR,
                "start": _at(70, 10),
                "end": _at(70, 17),
                "capacity": 200,
            },
            {
                "themes": list(themes.values()),
                "professions": [],
                "partners": list(partners.values()),
                "speakers": [],
            },
        ),
        (
            {
                "title": "Tværprofessionelt møde om inklusion",
                "slug": "tvaerprofessionelt-moede-om-inklusion",
                "summary": "Et lille, gratis møde for lærere, pædagoger og sygeplejersker om inklusion i "
                "skolen.",
                "prices": _prices(
                    ("Gratis", 0, "exempt"),
                ),
            },
            {
                "title": "Cross-professional meeting on inclusion",
                "slug": "cross-professional-meeting-on-inclusion",
                "summary": "A small, free meeting for teachers, pedagogues and nurses about inclusion at school.",
                "prices": _prices(
                    ("Free", 0, "exempt"),
                ),
            },
            {
                "format": EventFormat.CROSS_PROFESSIONAL_MEETING,
                "start": _at(14, 15),
                "end": _at(14, 17),
                "capacity": 3,
            },
            {
                "themes": [themes["inklusion"]],
                "professions": [professions["laerer"], professions["paedagog"], professions["sygeplejerske"]],
                "partners": [],
                "speakers": [],
            },
        ),
        (
            {
                "title": "Foredrag: Social innovation på tværs",
                "slug": "foredrag-social-innovation-paa-tvaers",
                "summary": "Foredraget er aflyst på grund af sygdom. Vi finder en ny dato.",
                "prices": _prices(
                    ("Standard", 150, "exempt"),
                ),
            },
            {
                "title": "Lecture: Social innovation across professions",
                "slug": "lecture-social-innovation-across-professions",
                "summary": "The lecture is cancelled because of illness. We will find a new date.",
                "prices": _prices(
                    ("Standard", 150, "exempt"),
                ),
            },
            {
                "format": EventFormat.LECTURE,
                "start": _at(28, 19),
                "end": _at(28, 21),
                "capacity": 60,
                "status": EventStatus.CANCELLED,
            },
            {"themes": [themes["samskabelse"]], "professions": [], "partners": [], "speakers": [speakers[1]]},
        ),
        (
            {
                "title": "Åben workshop: Idéer til fællesskaber",
                "slug": "aaben-workshop-ideer-til-faellesskaber",
                "summary": "Åben workshop for alle, hvor vi udviklede idéer til nye fællesskaber i lokalområdet.",
                "prices": _prices(
                    ("Gratis", 0, "exempt"),
                ),
            },
            {
                "title": "Open workshop: Ideas for communities",
                "slug": "open-workshop-ideas-for-communities",
                "summary": "An open workshop for everyone, where we developed ideas for new local communities.",
                "prices": _prices(
                    ("Free", 0, "exempt"),
                ),
            },
            {"format": EventFormat.OPEN_WORKSHOP, "start": _at(-30, 17), "end": _at(-30, 20), "capacity": 50},
            {
                "themes": [themes["samskabelse"], themes["borgerinddragelse"]],
                "professions": [],
                "partners": [],
                "speakers": [],
            },
        ),
    ]


def load_demo_events(home: Page, english: Locale) -> EventIndexPage:
    danish = home.locale
    venue = Venue.objects.create(
        name="Innovatarium",
        street_address="Idéstien 1",
        postal_code="5500",
        city="Middelfart",
        locale=danish,
        accessibility="Trinfri adgang, teleslynge i alle lokaler og handicaptoilet i stueetagen.",
        has_overnight_rooms=True,
    )
    translate_snippet(
        venue,
        english,
        accessibility="Step-free access, a hearing loop in every room and an "
        "accessible toilet on the ground floor.",
    )
    themes = _vocabulary(Theme, THEMES, danish, english)
    professions = _vocabulary(Profession, PROFESSIONS, danish, english)
    union = Organisation.objects.create(
        name="Fagforeningen for Pædagogisk Praksis",
        slug="fpp",
        kind=OrganisationKind.UNION,
        locale=danish,
        description="Et fiktivt fagforbund, der holder kursusdage sammen med huset.",
    )
    translate_snippet(
        union,
        english,
        name="Union of Pedagogical Practice",
        description="A fictitious union that runs course days with the house.",
    )
    fund = Organisation.objects.create(
        name="Fynsk Velfærdsfond",
        slug="fynsk-velfaerdsfond",
        kind=OrganisationKind.FOUNDATION,
        locale=danish,
        description="En fiktiv fond, der støtter innovation i velfærd.",
    )
    translate_snippet(
        fund,
        english,
        name="Funen Welfare Foundation",
        description="A fictitious foundation supporting innovation in welfare.",
    )
    speakers = []
    for name, role_da, role_en in [
        ("Mette Skov", "Procesfacilitator, Innovatarium", "Process facilitator, Innovatarium"),
        ("Ahmed Larsen", "Socialrådgiver og underviser", "Social worker and teacher"),
    ]:
        person = Person.objects.create(name=name, role=role_da, locale=danish)
        translate_snippet(person, english, role=role_en)
        speakers.append(person)

    index = EventIndexPage(
        title="Arrangementer",
        slug="arrangementer",
        show_in_menus=True,
        locale=danish,
        introduction="Workshops, thinkshops, kursusdage og messer i huset. Tilmeld dig her.",
    )
    home.add_child(instance=index)
    index.move(home, pos="first-child")  # the calendar comes first in the menu
    index.refresh_from_db()
    index.save_revision().publish()
    english_index = index.copy_for_translation(english)
    english_index.title, english_index.slug = "Events", "events"
    english_index.introduction = "Workshops, thinkshops, course days and fairs in the house. Register here."
    english_index.save_revision().publish()
    english_index.move(english_index.get_parent(), pos="first-child")

    for danish_fields, english_fields, shared, relations in _events(
        venue, themes, professions, {"fpp": union, "fund": fund}, speakers
    ):
        event = EventPage(locale=danish, venue=venue, **shared)
        _fill(event, danish_fields)
        index.add_child(instance=event)
        for name, values in relations.items():
            getattr(event, name).set(values)
        event.save_revision().publish()
        translated = event.copy_for_translation(english)
        _fill(translated, english_fields, source=event)
        translated.save_revision().publish()
    return index


def _fill(event: EventPage, fields: dict, source: EventPage | None = None) -> None:
    event.title = fields["title"]
    event.slug = fields["slug"]
    event.summary = fields["summary"]
    event.price_options = same_block_ids(fields["prices"], source and source.price_options)
    event.programme = same_block_ids(fields.get("programme", "[]"), source and source.programme)
    event.cancellation_policy = fields.get("cancellation_policy", "")
