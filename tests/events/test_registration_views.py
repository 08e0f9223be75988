"""Registering through the event page, and the registrant's own page: errors, tokens, spam, limits,
an address that is already registered, and links that expire. (The order form's own matters, such
as several colleagues, payers and adding participants, are in tests/billing/test_order_form.py.)"""

import datetime as dt
import io
import json
import logging
import re

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.core import mail
from django.test import Client as client_class

from core.log_filters import RedactSignedTokens
from core.ratelimit import CacheUnavailable
from events.models import Registration, RegistrationStatus
from events.tokens import ACCESS_COOKIE, registration_path, registration_token
from tests.events.factories import local, make_event, open_registration_page, translate_event

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 26, 12)
VALID_EAN = "5798000000001"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def event():
    return make_event(start=local(2027, 1, 14, 9, 30), end=local(2027, 1, 14, 15), capacity=2)


# The order form's fields for one participant; the rest are the booker's, the payer's and the terms.
PARTICIPANT_FIELDS = {
    "name",
    "email",
    "phone",
    "workplace",
    "profession",
    "price_option",
    "nights",
    "dietary_needs",
    "accessibility_needs",
    "share_with_participants",
}


def form_data(event, **overrides):
    """The event page's form filled in by a visitor who registers themself: the booker and the one
    participant are the same person, unless `booker_name` and `booker_email` say otherwise."""
    data = {
        "name": "Sofie Hansen",
        "email": "sofie@example.dk",
        "phone": "+45 12 34 56 78",
        "workplace": "Børnehuset Solsikken",
        "profession": "Pædagog",
        "price_option": event.price_options[0].id,
        "payer_type": "public",
        "organisation_name": "Middelfart Kommune",
        "ean": VALID_EAN,
        "order_number": "PO-1234",
        "person_reference": "Jens Jensen",
        "accept_terms": "on",
        "website": "",
    }
    data.update(overrides)
    data.setdefault("booker_name", "Sofie Hansen")
    data.setdefault("booker_email", "sofie@example.dk")
    posted = {"participants-TOTAL_FORMS": "1", "participants-INITIAL_FORMS": "0"}
    for key, value in data.items():
        if value is not None:
            posted[f"participants-0-{key}" if key in PARTICIPANT_FIELDS else key] = value
    return posted


def errors_of(response) -> dict[str, list[str]]:
    """Each field's errors, by field name (the one participant's without their prefix)."""
    soup = BeautifulSoup(response.content, "lxml")
    errors = {}
    for error_list in soup.select("ul.errorlist[id]"):
        field = error_list["id"].removeprefix("id_").removesuffix("_error").removeprefix("participants-0-")
        errors[field] = [item.get_text(strip=True) for item in error_list.select("li")]
    return errors


def test_event_page_shows_the_form_in_danish(client, event):
    soup = BeautifulSoup(client.get(event.url).content, "lxml")
    form = soup.select_one("form.registration-form")
    labels = [label.get_text(" ", strip=True) for label in form.select("label")]
    assert "Navn *" in labels and "EAN-nummer" in labels
    assert soup.select_one(".availability").get_text(strip=True) == "Åben for tilmelding"
    assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None


def registration_mails() -> list:
    """The participants' e-mails, without the booker's about the order (which the order tests read)."""
    return [
        message for message in mail.outbox if not message.subject.startswith(("Din bestilling", "Your order"))
    ]


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S*/)", message.body).group(1)


def notice_of(response) -> str:
    return (
        BeautifulSoup(response.content, "lxml")
        .select_one("#registration [role=status]")
        .get_text(" ", strip=True)
    )


def test_registering_confirms_and_the_e_mailed_link_opens_the_visitors_page(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, form_data(event))
    registration = Registration.objects.get(email="sofie@example.dk")
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.ean == VALID_EAN and registration.cvr == ""
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}?sent=1#registration"
    assert "Tjek venligst din e-mail" in notice_of(client.get(response["Location"]))
    (message,) = registration_mails()
    assert message.subject == f"Du er tilmeldt: {event.title}"
    assert link_in(message) == f"/min-tilmelding/{registration_token(registration)}/"

    opened = client.get(link_in(message))
    assert opened.status_code == 303
    assert opened["Location"] == f"/min-tilmelding/{registration.pk}/"
    page = client.get(opened["Location"])
    soup = BeautifulSoup(page.content, "lxml")
    assert soup.select_one(".registration-status").get_text(strip=True) == "Bekræftet"
    assert registration_token(registration) not in page.content.decode(), "only the link carries the token"


def test_english_visitor_registers_in_english(client, event, django_capture_on_commit_callbacks):
    english = translate_event(event, title="Co-creation workshop", slug="co-creation-workshop")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(english.url, form_data(english, email="sam@example.org"))
    assert response["Location"].startswith(english.url)
    assert "Please look in your e-mail" in notice_of(client.get(response["Location"]))
    registration = Registration.objects.get(email="sam@example.org")
    assert registration.language == "en" and registration.event_id == event.pk
    (message,) = registration_mails()
    assert message.subject == "You are registered: Co-creation workshop"
    assert link_in(message).startswith("/en/my-registration/")
    assert client.get(link_in(message))["Location"] == f"/en/my-registration/{registration.pk}/"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ean": "5798000000002"}, "ean", "Et EAN-nummer har 13 cifre og et gyldigt kontrolciffer"),
        ({"ean": ""}, "ean", "Skal udfyldes til fakturaen"),
        (
            {"payer_type": "company", "cvr": "12345678", "billing_address": "Vej 1"},
            "cvr",
            "Et CVR-nummer har 8",
        ),
        ({"name": "<script>alert(1)</script>"}, "name", "Skriv almindelig tekst uden < eller >."),
        ({"name": "Sofie\x00Hansen"}, "name", "Null-tegn er ikke tilladte."),
        ({"workplace": "Børnehus\x07"}, "workplace", "Fjern de usynlige kontroltegn"),
        ({"name": "x" * 5000}, "name", "Denne værdi må højst have 120 tegn"),
        # Django REST framework (for the content API) brings its own Danish wording of this message.
        ({"email": "not-an-address"}, "email", "Angiv en gyldig e-mailadresse."),
        ({"accept_terms": None}, "accept_terms", "Du skal acceptere betingelserne"),
        ({"price_option": "forged-option"}, "price_option", "Marker en gyldig valgmulighed."),
        ({"payer_type": "nonsense"}, "payer_type", "Marker en gyldig valgmulighed."),
    ],
)
def test_bad_input_gets_a_field_error_in_danish_and_books_nothing(client, event, overrides, field, message):
    response = client.post(event.url, form_data(event, **overrides))
    assert response.status_code == 200
    errors = errors_of(response)
    assert any(message in error for error in errors.get(field, [])), errors
    assert not Registration.objects.exists()


def test_an_address_already_registered_refuses_the_order_and_gets_its_link(
    client, event, django_capture_on_commit_callbacks
):
    """The booker must see who is booked, so the form says that this participant's address is
    registered already (the order is refused, nothing is booked); the address itself gets the link to
    its registration, so its owner learns that someone tried (docs/security.md, 8.3)."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, form_data(event))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            event.url,
            form_data(event, email="SOFIE@example.dk", name="Someone Else", booker_email="other@example.dk"),
        )
    assert again.status_code == 200
    assert any("allerede tilmeldt" in error for error in errors_of(again)["email"])
    assert Registration.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == ["sofie@example.dk"]
    assert message.subject == f"Din tilmelding: {event.title}"
    assert link_in(message) == f"/min-tilmelding/{registration_token(Registration.objects.get())}/"


def test_a_registered_address_gets_only_a_few_link_e_mails(
    client, event, settings, django_capture_on_commit_callbacks
):
    settings.REGISTRATION_LINK_EMAILS_PER_HOUR = 2
    client.post(event.url, form_data(event))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(5):
            client.post(event.url, form_data(event))
    assert len(mail.outbox) == 2, "the third and later requests in the hour send nothing"
    # Another address is counted on its own.
    client.post(event.url, form_data(event, email="anden@example.dk", ean=VALID_EAN))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, form_data(event, email="anden@example.dk"))
    assert len(mail.outbox) == 1


def test_the_link_e_mail_is_not_sent_while_the_cache_cannot_count(
    client, event, monkeypatch, django_capture_on_commit_callbacks
):
    client.post(event.url, form_data(event))
    mail.outbox.clear()

    def unavailable(*args):
        raise CacheUnavailable("connection refused")

    monkeypatch.setattr("core.ratelimit.count_within", unavailable)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, form_data(event))
    assert response.status_code == 200 and Registration.objects.count() == 1
    assert mail.outbox == [], "fails closed: no e-mail to an address strangers can type in"


def test_full_event_puts_the_visitor_on_the_waiting_list(client, event, django_capture_on_commit_callbacks):
    client.post(event.url, form_data(event, email="a@example.dk"))
    client.post(event.url, form_data(event, email="b@example.dk"))
    soup = BeautifulSoup(client.get(event.url).content, "lxml")
    assert soup.select_one(".availability").get_text(strip=True) == "Fuldt – venteliste"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, form_data(event, email="c@example.dk"))
    waiting = Registration.objects.get(email="c@example.dk")
    assert waiting.status == RegistrationStatus.WAITING
    assert response["Location"] == f"{event.url}?sent=1#registration", "the same answer as a confirmed seat"
    assert registration_mails()[-1].subject == f"Du står på ventelisten: {event.title}"
    page = BeautifulSoup(client.get(open_registration_page(client, waiting)).content, "lxml")
    assert page.select_one(".registration-status").get_text(strip=True) == "På venteliste"


def test_closed_registration_says_why_instead_of_showing_a_form(client):
    cancelled = make_event(start=local(2027, 1, 14, 9), end=local(2027, 1, 14, 15), status="cancelled")
    soup = BeautifulSoup(client.get(cancelled.url).content, "lxml")
    assert soup.select_one("form.registration-form") is None
    assert "Arrangementet er aflyst." in soup.select_one(".registration").get_text()
    response = client.post(cancelled.url, form_data(cancelled))
    assert "Arrangementet er aflyst." in response.content.decode()
    assert not Registration.objects.exists()


def test_honeypot_books_nothing(client, event):
    response = client.post(event.url, form_data(event, website="http://spam.example"))
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_rate_limit_answers_with_a_friendly_page(client, event, settings):
    settings.REGISTRATION_POSTS_PER_HOUR = 2
    for number in range(2):
        client.post(event.url, form_data(event, email=f"p{number}@example.dk"))
    response = client.post(event.url, form_data(event, email="p3@example.dk"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3601
    assert "Vent venligst lidt" in response.content.decode()
    assert "mange tilmeldinger" in response.content.decode()
    assert Registration.objects.count() == 2


@pytest.mark.parametrize("token", ["garbage", "a" * 300, "00000000000000000000000000000000:forged"])
def test_tampered_tokens_are_not_found(client, token):
    response = client.get(f"/min-tilmelding/{token}/")
    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()
    assert ACCESS_COOKIE not in response.cookies


def test_a_token_signed_for_one_registration_cannot_be_edited_into_another(client, event):
    client.post(event.url, form_data(event))
    token = registration_token(Registration.objects.get())
    reference, signature = token.split(":")
    altered = ("f" if reference[0] != "f" else "e") + reference[1:]
    assert client.get(f"/min-tilmelding/{altered}:{signature}/").status_code == 404


def test_the_page_without_the_token_needs_the_link_opened_in_this_browser(client, event):
    client.post(event.url, form_data(event))
    registration = Registration.objects.get()
    page_path = f"/min-tilmelding/{registration.pk}/"
    stranger = client_class()
    response = stranger.get(page_path)
    assert response.status_code == 403
    assert "Sofie" not in response.content.decode()
    assert "åbne linket i den e-mail" in response.content.decode()
    stranger.post(page_path, {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    # A forged cookie gets nothing either.
    stranger.cookies[ACCESS_COOKIE] = json.dumps({str(registration.pk): 9999999999})
    assert stranger.get(page_path).status_code == 403

    assert open_registration_page(stranger, registration) == page_path
    assert stranger.get(page_path).status_code == 200


def test_the_access_cookie_is_http_only_and_lasts_a_few_hours(client, event, settings):
    client.post(event.url, form_data(event))
    registration = Registration.objects.get()
    response = client.get(registration_path(registration))
    cookie = response.cookies[ACCESS_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert int(cookie["max-age"]) == settings.REGISTRATION_PAGE_ACCESS_HOURS * 3600
    page_path = response["Location"]
    assert client.get(page_path).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(hours=settings.REGISTRATION_PAGE_ACCESS_HOURS, minutes=1)):
        assert client.get(page_path).status_code == 403
    # The e-mailed link opens it again.
    assert client.get(registration_path(registration)).status_code == 303


def test_one_browser_can_hold_several_registrations(client, event):
    client.post(event.url, form_data(event, email="a@example.dk"))
    client.post(event.url, form_data(event, email="b@example.dk"))
    first, second = Registration.objects.order_by("pk")
    first_page, second_page = open_registration_page(client, first), open_registration_page(client, second)
    assert "a@example.dk" in client.get(first_page).content.decode()
    assert "b@example.dk" in client.get(second_page).content.decode()


def test_links_stop_working_a_set_time_after_the_event(client, event, settings):
    client.post(event.url, form_data(event))
    registration = Registration.objects.get()
    page_path = open_registration_page(client, registration)
    expires = event.end + dt.timedelta(days=settings.REGISTRATION_LINK_DAYS_AFTER_EVENT)
    with time_machine.travel(expires - dt.timedelta(minutes=1), tick=False):
        assert client.get(registration_path(registration)).status_code == 303
    with time_machine.travel(expires, tick=False):
        response = client.get(registration_path(registration))
        assert response.status_code == 410
        assert "Linket er udløbet" in response.content.decode()
        assert "90 dage efter arrangementet" in response.content.decode()
        assert ACCESS_COOKIE not in response.cookies
        assert client.get(page_path).status_code == 410, "the page without the token stops too"
        english = client.get(f"/en/my-registration/{registration_token(registration)}/")
        assert english.status_code == 410 and "This link has expired" in english.content.decode()


def test_a_token_never_reaches_the_log(client, event):
    client.post(event.url, form_data(event))
    registration = Registration.objects.get()
    token = registration_token(registration)
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(log_filter, RedactSignedTokens) for log_filter in handler.filters)
    )
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        with time_machine.travel(event.end + dt.timedelta(days=365), tick=False):
            assert client.get(registration_path(registration)).status_code == 410  # logged as "Gone: …"
        assert client.get(f"/min-tilmelding/{token[:-1]}x/").status_code == 404  # "Not Found: …"
    finally:
        handler.setStream(previous)
    log = written.getvalue()
    assert "Gone: /min-tilmelding/[token]/" in log and "Not Found: /min-tilmelding/[token]/" in log
    assert token not in log and token[:-1] not in log


def test_registrant_cancels_from_their_page_and_the_seat_is_offered(
    client, event, django_capture_on_commit_callbacks
):
    for email in ("a@example.dk", "b@example.dk", "c@example.dk"):
        client.post(event.url, form_data(event, email=email))
    first = Registration.objects.get(email="a@example.dk")
    page_path = open_registration_page(client, first)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_path, {"action": "cancel"})
    assert response.status_code == 302
    assert response["Location"] == page_path
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    waiting = Registration.objects.get(email="c@example.dk")
    assert waiting.status == RegistrationStatus.OFFERED
    offer = next(message for message in mail.outbox if message.to == ["c@example.dk"])
    offered_page = client.get(link_in(offer))["Location"]
    client.post(offered_page, {"action": "accept"})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_cancelling_after_the_deadline_is_refused_with_a_reason(client, event):
    event.cancellation_deadline = local(2026, 11, 20)
    event.save()
    client.post(event.url, form_data(event))
    registration = Registration.objects.get()
    page_path = open_registration_page(client, registration)
    assert 'value="cancel"' not in client.get(page_path).content.decode()
    response = client.post(page_path, {"action": "cancel"}, follow=True)
    assert "Fristen for at melde afbud er overskredet" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_registration_page_needs_csrf(event):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.post(event.url, form_data(event))
    assert not Registration.objects.exists()


@pytest.mark.parametrize("typed", ["DK13585628", "DK 13 58 56 28", "13-58-56-28"])
def test_a_cvr_number_is_stored_as_its_eight_digits_however_it_is_typed(client, event, typed):
    company = {"payer_type": "company", "ean": "", "cvr": typed, "billing_address": "Algade 1, Middelfart"}
    response = client.post(event.url, form_data(event, **company))
    assert response.status_code == 302
    assert Registration.objects.get().cvr == "13585628"


def test_every_error_in_the_summary_links_to_its_field(client, event):
    response = client.post(event.url, form_data(event, name="", ean="123", accept_terms=None))
    soup = BeautifulSoup(response.content, "lxml")
    summary = soup.select_one("#form-errors")
    assert summary.has_attr("autofocus")
    targets = [link["href"].removeprefix("#") for link in summary.select("a")]
    assert targets == ["id_participants-0-name", "id_ean", "id_accept_terms"]
    for target in targets:
        assert soup.find(id=target) is not None, target
