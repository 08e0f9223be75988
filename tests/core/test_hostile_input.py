"""Every public form and query, in both languages, against a corpus of hostile strings, bodies and
uploads: nothing answers with a server error; forms answer with field errors in the visitor's
language, the APIs with JSON 4xx.

One test per surface and language runs the whole corpus through the test client, so the suite
stays fast. A case that finds a server error gets a focused test next to the code it is about.
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from network.models import ContactAddress
from people.models import Person
from tests.events.factories import local, make_event, translate_event
from tests.library import files
from tests.library.contribution_factories import contribution_form_page, moderator

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 26, 12)

# ---- The corpus ---------------------------------------------------------------------------------

HOSTILE_STRINGS = {
    "very-long": "Ø" * 100_000,
    "nul": "Karen\x00Østergaard",
    "control-characters": "a\x01\x02\x08\x0b\x1b[31m\x7f\x85",
    "bidi-override": "Karen \u202egpj.exe\u202c",
    "zero-width": "Ka\u200bren\u2060\ufeff",
    "sql": "' OR 1=1; DROP TABLE wagtailcore_page; --",
    "sql-like-wildcards": "%_\\%' AND '%'='",
    "template": "{{ settings.SECRET_KEY }}{% debug %}${7*7}#{7*7}<%= 7*7 %>",
    "html": '<script>alert(1)</script><img src=x onerror="alert(1)">',
    "header-injection": "Karen\r\nBcc: victim@example.com\r\nSubject: spam",
    "header-injection-lf": "karen@example.dk\nBcc: victim@example.com",
    "homoglyph-address": "kаren@exаmple.dk",  # Cyrillic а
    "idn-address": "karen@æblegård.dk",
    "emoji": "🧑‍🤝‍🧑💥🇩🇰" * 40,
    "combining-marks": "Z̷̢̛̪̝̖̈́a̸͔͊l̴̰̈g̵̣͝o̶̟͐" * 30,
    "huge-number": "9" * 400,
    "negative-number": "-1",
    "float-overflow": "1e309",
    "nan": "NaN",
    "path-traversal": "../../../../etc/passwd",
    "url-with-newline": "/\r\n/evil.example",
    "json": '{"$gt": ""}',
    "percent-escapes": "%00%ff%ED%A0%80%",
    "whitespace-only": " \t\r\n\u00a0\u3000 ",
    "empty": "",
}

# In a query string, the very long value is cut to what could reach the site at all: gunicorn, as the
# README runs it, refuses a request line over 4 094 bytes before Django sees it. Two thousand letters
# are still far past every length the site accepts, and the test stays fast.
QUERY_STRINGS = {**HOSTILE_STRINGS, "very-long": "Ø" * 2_000}

# Bodies a browser would never send: bytes that are not UTF-8, UTF-8-encoded surrogates, other types.
RAW_FORM_BODIES = {
    "invalid-utf8": ("application/x-www-form-urlencoded", b"name=\xff\xfe\xfd&email=\xc3&message=\x80"),
    "encoded-invalid-utf8": ("application/x-www-form-urlencoded", b"name=%FF%FE&email=%C3&title=%80"),
    "lone-surrogates": (
        "application/x-www-form-urlencoded",
        b"name=%ED%A0%80&email=%ED%B0%80&text=%ED%A0%80",
    ),
    "json-body": ("application/json", b'{"name": ["x"], "email": {"$ne": null}}'),
    "text-body": ("text/plain", b"name=Karen&email=karen@example.dk"),
    "no-content-type": ("", b"name=Karen"),
    "multipart-no-boundary": ("multipart/form-data", b"--x\r\nContent-Disposition: form-data"),
    "multipart-truncated": (
        "multipart/form-data; boundary=grænse",
        b'--gr\xc3\xa6nse\r\nContent-Disposition: form-data; name="name"\r\n\r\nKaren',
    ),
    "multipart-bad-headers": (
        "multipart/form-data; boundary=b",
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="\x00"\r\n'
        b"Content-Type: \r\n\r\n%PDF-\r\n--b--\r\n",
    ),
    "urlencoded-garbage": ("application/x-www-form-urlencoded", b"&&==&%&%%%=%=&a[b][c]=d&;;"),
}

# Put only in the fields of free text, with everything else valid, so that they are stored, shown
# and e-mailed: the path past validation.
STORED = ("sql", "template", "html", "bidi-override", "emoji", "header-injection", "combining-marks")

# Sent twice in each field as well (duplicated parameters): a few are enough to show how they are read.
DUPLICATED = ("nul", "sql", "very-long", "header-injection")

RAW_QUERIES = {
    "nul": "%00",
    "invalid-utf8": "%FF%FE",
    "lone-surrogate": "%ED%A0%80",
    "huge": "9" * 400,
    "negative": "-5",
    "overflow": "1e309",
}


def hostile_uploads() -> dict[str, SimpleUploadedFile]:
    return {
        "javascript.pdf": SimpleUploadedFile("idé.pdf", files.pdf_with_javascript_on_opening()),
        "polyglot.pdf": SimpleUploadedFile("side.pdf", files.html_pdf_polyglot()),
        "bomb.docx": SimpleUploadedFile("bombe.docx", files.docx_bomb()),
        "pixels.png": SimpleUploadedFile("plakat.png", files.png_claiming(50_000, 50_000)),
        "program.pdf": SimpleUploadedFile("program.pdf", files.WINDOWS_PROGRAM),
        "nul-name": SimpleUploadedFile("idé\x00.exe.pdf", files.PDF),
        "long-name": SimpleUploadedFile("x" * 5000 + ".pdf", files.PDF),
        "traversal-name": SimpleUploadedFile("../../../etc/passwd", b"root:x:0:0"),
        "bidi-name": SimpleUploadedFile("rapport\u202efdp.exe", files.WINDOWS_PROGRAM),
        "empty": SimpleUploadedFile("tom.pdf", b""),
        "damaged.xlsx": SimpleUploadedFile("ark.xlsx", files.xlsx()[:300]),
        "truncated.png": SimpleUploadedFile("foto.png", files.png_claiming(2000, 2000)),
    }


# ---- What the visitor sees ------------------------------------------------------------------------

# Words that only the other language's messages use: an error in the wrong language shows one.
WRONG_LANGUAGE = {
    "da": re.compile(r"\b(This field|Enter a|Ensure this|Select a valid|Please|The file|We cannot|must)\b"),
    "en": re.compile(r"\b(Dette felt|Angiv|venligst|Marker en|højst|Filen|Vi kan ikke|skal)\b"),
}


def error_texts(response, soup=None) -> list[str]:
    soup = soup or BeautifulSoup(response.content, "lxml")
    return [item.get_text(" ", strip=True) for item in soup.select("ul.errorlist li, #form-errors li")]


@dataclass
class Outcome:
    case: str
    status: int
    problem: str = ""


@dataclass
class Surface:
    """One public form or query: where it is, what a valid use sends, and which fields take text."""

    urls: dict[str, str]
    valid: dict = field(default_factory=dict)
    text_fields: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()


def judge_form(case: str, response, language: str) -> Outcome:
    outcome = Outcome(case, response.status_code)
    if response.status_code >= 500:
        outcome.problem = "server error"
    elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        soup = BeautifulSoup(response.content, "lxml")
        if soup.html is not None and soup.html.get("lang") != language:
            outcome.problem = f"page in {soup.html.get('lang')}"
        wrong = [text for text in error_texts(response, soup) if WRONG_LANGUAGE[language].search(text)]
        if wrong:
            outcome.problem = f"errors in the wrong language: {wrong}"
    elif response.status_code not in (200, 302, 400, 403, 404, 405, 413, 429):
        outcome.problem = "unexpected status"
    return outcome


def judge_api(case: str, response) -> Outcome:
    outcome = Outcome(case, response.status_code)
    if response.status_code >= 500:
        outcome.problem = "server error"
    elif response.status_code >= 400:
        try:
            json.loads(response.content)
        except ValueError:
            outcome.problem = f"4xx that is not JSON: {response.content[:80]!r}"
        if not response.get("Content-Type", "").startswith(("application/json", "application/problem+json")):
            outcome.problem = f"4xx as {response.get('Content-Type')}"
    return outcome


def problems(outcomes: list[Outcome]) -> list[str]:
    return [f"{outcome.case}: {outcome.status} {outcome.problem}" for outcome in outcomes if outcome.problem]


# ---- The surfaces ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """The corpus posts many times from one address; the limits have tests of their own."""
    for name in (
        "REGISTRATION_POSTS_PER_HOUR",
        "CONTRIBUTION_POSTS_PER_HOUR",
        "NEWSLETTER_POSTS_PER_HOUR",
        "NEWSLETTER_CONFIRMATIONS_PER_ADDRESS_PER_DAY",
        "CONTACT_POSTS_PER_HOUR",
        "CONTACT_MESSAGES_PER_SENDER_PER_RECIPIENT_PER_DAY",
        "CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY",
    ):
        setattr(settings, name, 100_000)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def localised(name: str, *args) -> dict[str, str]:
    urls = {}
    for language in ("da", "en"):
        with translation.override(language):
            urls[language] = reverse(name, args=args)
    return urls


def registration_surface() -> Surface:
    """The event page's order form with one participant (the booker's, participant's and payer's fields)."""
    event = make_event(start=local(2027, 1, 14, 9, 30), end=local(2027, 1, 14, 15), capacity=500)
    english = translate_event(event)
    valid = {
        "booker_name": "Sofie Hansen",
        "booker_email": "sofie@example.dk",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-name": "Sofie Hansen",
        "participants-0-email": "sofie@example.dk",
        "participants-0-phone": "+45 12 34 56 78",
        "participants-0-workplace": "Børnehuset",
        "participants-0-profession": "Pædagog",
        "participants-0-price_option": event.price_options[0].id,
        "payer_type": "public",
        "organisation_name": "Middelfart Kommune",
        "ean": "5798000000001",
        "order_number": "PO-1234",
        "person_reference": "Jens Jensen",
        "accept_terms": "on",
    }
    text_fields = tuple(
        key
        for key in valid
        if key not in ("accept_terms", "participants-TOTAL_FORMS", "participants-INITIAL_FORMS")
    )
    return Surface({"da": event.url, "en": english.url}, valid, text_fields)


def contribution_surface() -> Surface:
    pages = {language: contribution_form_page(language) for language in ("da", "en")}
    moderator()  # Wagtail e-mails the moderators each contribution, with its title in the subject
    valid = {
        "kind": "idea",
        "title": "Gåture",
        "summary": "Møder på en gåtur.",
        "phase": "ideate",
        "text": "Vi går.",
        "name": "Karen",
        "email": "karen@example.dk",
        "consent": "on",
    }
    urls = {language: page.url for language, page in pages.items()}
    text_fields = ("kind", "title", "summary", "phase", "text", "name", "email")
    return Surface(urls, valid, text_fields, ("title", "summary", "text", "name"))


def newsletter_surface(source: str) -> Surface:
    valid = {"email": "karen@example.dk", "topics": ["events"], "source": source}
    return Surface(
        localised("newsletter_signup"), valid, ("email", "topics", "themes", "source"), ("source",)
    )


def contact_surface() -> Surface:
    person = Person.objects.filter(locale__language_code="da").first()
    ContactAddress.objects.update_or_create(
        person=person, defaults={"email": "privat@example.dk", "language": "da"}
    )
    valid = {"name": "Karen", "email": "karen@example.dk", "message": "Hej"}
    return Surface(
        localised("network_contact", "person", person.translation_key), valid, ("name", "email", "message")
    )


FORM_SURFACES = {
    "registration": registration_surface,
    "contribution": contribution_surface,
    "newsletter-page": lambda: newsletter_surface("page:/nyhedsbrev/"),
    "newsletter-footer": lambda: newsletter_surface("footer:/"),
    "contact": contact_surface,
}


def page_url(model_path: str, language: str) -> str:
    from django.apps import apps

    model = apps.get_model(model_path)
    return model.objects.live().filter(locale__language_code=language).first().url


QUERY_SURFACES = {
    "search": lambda language: (localised("search")[language], ("q", "type", "phase", "page")),
    "search-suggestions": lambda language: (localised("search_suggestions")[language], ("q",)),
    "directory": lambda language: (page_url("network.DirectoryPage", language), ("kind", "theme", "page")),
    "event-list": lambda language: (
        page_url("events.EventIndexPage", language),
        ("format", "theme", "profession", "partner", "free_seats", "when", "month", "page"),
    ),
    "event-calendar": lambda language: (
        page_url("events.EventIndexPage", language) + "calendar/",
        ("when", "from", "to", "month", "format", "registration", "free_seats", "q", "theme"),
    ),
    "library-list": lambda language: (
        page_url("library.LibraryIndexPage", language),
        ("type", "phase", "theme", "target", "profession", "time", "size", "language", "licence", "page"),
    ),
    "atom-feed": lambda language: (
        f"/{'' if language == 'da' else 'en/'}feeds/new.atom",
        ("type", "theme", "q"),
    ),
}

API_ENDPOINTS = {
    "/api/listings/v1/events": (
        "when", "from", "to", "month", "format", "registration", "free_seats", "q", "theme", "profession",
        "limit", "offset", "modified_since", "lang",
    ),
    "/api/listings/v1/resources": (
        "type", "phase", "theme", "q", "limit", "offset", "modified_since", "lang",
    ),
    "/api/listings/v1/vocabularies/themes": ("lang",),
}  # fmt: skip


# ---- The tests ------------------------------------------------------------------------------------


def post_form(client, url: str, data: dict, **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, **extra)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("surface_name", sorted(FORM_SURFACES))
def test_public_forms_survive_the_corpus(client, clock, surface_name, language):
    surface = FORM_SURFACES[surface_name]()
    url = surface.urls[language]
    outcomes = []
    for case, value in HOSTILE_STRINGS.items():
        # The value in every text field at once (and for a few, twice in each).
        hostile = {**surface.valid, **dict.fromkeys(surface.text_fields, value), "website": ""}
        outcomes.append(judge_form(case, post_form(client, url, hostile), language))
        if case in DUPLICATED:
            doubled = {**surface.valid, **{name: [value, "x"] for name in surface.text_fields}}
            outcomes.append(judge_form(f"{case}, duplicated", post_form(client, url, doubled), language))
    for case in STORED:
        stored = {**surface.valid, **dict.fromkeys(surface.free_text, HOSTILE_STRINGS[case])}
        outcomes.append(judge_form(f"{case}, stored", post_form(client, url, stored), language))
    # Arrays and objects where a scalar is expected, in the notations other frameworks read.
    for case, data in {
        "brackets": {f"{name}[]": "x" for name in surface.text_fields},
        "nested": {f"{name}[a][b]": "x" for name in surface.text_fields},
        "honeypot-array": {**surface.valid, "website": ["", "http://spam.example"]},
        "nothing": {},
    }.items():
        outcomes.append(judge_form(case, post_form(client, url, data), language))
    for case, (content_type, body) in RAW_FORM_BODIES.items():
        response = client.generic("POST", url, body, content_type=content_type)
        outcomes.append(judge_form(case, response, language))
    outcomes.append(judge_form("PUT", client.put(url, b"x"), language))
    assert not problems(outcomes), problems(outcomes)
    assert mail.outbox, "some of it was sent on, so the check below means something"
    for message in mail.outbox:
        # However the fields were filled in, every e-mail goes to one address and has no added headers.
        raw = message.message().as_string()
        assert len(message.recipients()) == 1 and "\nBcc:" not in raw, raw[:500]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_contribution_form_survives_hostile_uploads(client, language):
    surface = contribution_surface()
    outcomes = []
    for case, upload in hostile_uploads().items():
        response = post_form(client, surface.urls[language], {**surface.valid, "file": upload})
        outcome = judge_form(case, response, language)
        if response.status_code == 200 and not error_texts(response):
            outcome.problem = "no field error"
        outcomes.append(outcome)
    assert not problems(outcomes), problems(outcomes)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("surface_name", sorted(QUERY_SURFACES))
def test_public_queries_survive_the_corpus(client, surface_name, language):
    url, parameters = QUERY_SURFACES[surface_name](language)
    outcomes = []
    for case, value in QUERY_STRINGS.items():
        response = client.get(url, dict.fromkeys(parameters, value))
        outcomes.append(judge_form(case, response, language))
        if case in DUPLICATED:
            response = client.get(url, {name: [value, value, "x"] for name in parameters})
            outcomes.append(judge_form(f"{case}, duplicated", response, language))
    for case, raw in RAW_QUERIES.items():
        query = "&".join(f"{name}={raw}" for name in parameters)
        outcomes.append(judge_form(f"raw {case}", client.get(f"{url}?{query}"), language))
    outcomes.append(
        judge_form("brackets", client.get(f"{url}?{parameters[0]}[]=x&{parameters[0]}[a]=y"), language)
    )
    assert not problems(outcomes), problems(outcomes)


@pytest.mark.parametrize("endpoint", sorted(API_ENDPOINTS))
def test_the_listings_api_answers_the_corpus_with_json(client, endpoint):
    parameters = API_ENDPOINTS[endpoint]
    outcomes = []
    for case, value in QUERY_STRINGS.items():
        for name in parameters:
            outcomes.append(judge_api(f"{name}={case}", client.get(endpoint, {name: value})))
        if case in DUPLICATED:
            duplicated = {name: [value, "x"] for name in parameters}
            outcomes.append(judge_api(f"{case}, duplicated", client.get(endpoint, duplicated)))
    for case, raw in RAW_QUERIES.items():
        for name in parameters:
            outcomes.append(judge_api(f"{name} raw {case}", client.get(f"{endpoint}?{name}={raw}")))
    outcomes.append(judge_api("POST", client.post(endpoint, {"q": "x"})))
    for case, value in HOSTILE_STRINGS.items():
        # As a path segment: an event or a resource by a made-up id.
        segment = quote(value[:2000], safe="")
        outcomes.append(judge_api(f"/{case}", client.get(f"{endpoint}/{segment}")))
    outcomes.append(judge_api("encoded NUL", client.get(f"{endpoint}/%00")))
    assert not problems(outcomes), problems(outcomes)
