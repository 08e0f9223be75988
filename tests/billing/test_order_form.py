"""The event page's order form, as a team leader uses it without JavaScript: several colleagues in one
go, each payer, a free event, errors in both languages, adding and removing participants; and the
booker's order page, opened through the signed link in the booker's e-mail, with its documents."""

import re

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.core import mail

from billing.links import order_token
from billing.models import Invoice, Order, OrderStatus
from events.models import Registration, RegistrationStatus
from tests.billing.factories import VALID_CVR, VALID_EAN, free_event, paid_event, seller_settings
from tests.events.factories import local, make_registration, translate_event

pytestmark = pytest.mark.django_db

NIGHT = "2027-01-14"
BOOKER = {"booker_name": "Hanne Leder", "booker_email": "hanne@kommune.example"}
PAYERS = {
    "public": {
        "payer_type": "public",
        "organisation_name": "Middelfart Kommune",
        "ean": VALID_EAN,
        "order_number": "PO-4711",
        "person_reference": "Hanne Leder",
    },
    # Typed as on a letterhead: stored as its eight digits.
    "company": {
        "payer_type": "company",
        "organisation_name": "Social Udvikling ApS",
        "cvr": "DK 13 58 56 28",
        "billing_address": "Vestergade 2\n8000 Aarhus C",
    },
    "private": {"payer_type": "private", "billing_address": "Algade 1\n5500 Middelfart"},
}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        yield


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


def colleague(event, number: int, **fields) -> dict:
    return {
        "name": f"Kollega {number}",
        "email": f"kollega{number}@kommune.example",
        "profession": "Socialrådgiver",
        "price_option": event.price_options[0].id,
        **fields,
    }


def order_data(event, participants: list[dict], payer="public", **fields) -> dict:
    """What the browser sends for the form: the booker, each participant under their prefix, the
    payer and the terms."""
    data = {
        **BOOKER,
        **(PAYERS[payer] if payer else {}),
        "accept_terms": "on",
        "website": "",
        "participants-TOTAL_FORMS": str(len(participants)),
        "participants-INITIAL_FORMS": "0",
    }
    for index, participant in enumerate(participants):
        for key, value in participant.items():
            data[f"participants-{index}-{key}"] = value
    data.update(fields)
    return data


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "lxml")


def summary_of(response) -> list[str]:
    return [item.get_text(" ", strip=True) for item in soup_of(response).select("#form-errors li")]


def participant_names(response) -> list[str]:
    """The names typed in each participant's fieldset, in the page's order."""
    return [
        field.get("value", "")
        for field in soup_of(response).select('fieldset.participant input[name$="-name"]')
    ]


def booker_mail():
    return next(message for message in mail.outbox if message.to == [BOOKER["booker_email"]])


def test_three_colleagues_on_an_event_with_two_seats_left(client, django_capture_on_commit_callbacks):
    event = paid_event(capacity=3)
    make_registration(event, "Karen Blixen")
    participants = [colleague(event, number, nights=[NIGHT]) for number in (1, 2, 3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, order_data(event, participants))
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}?sent=1#registration"

    # The page the booker comes back to says who has a seat and who waits.
    notice = soup_of(client.get(response["Location"])).select_one("#registration [role=status]")
    outcomes = [line.get_text(" ", strip=True) for line in notice.select(".registration-outcome")]
    assert outcomes == [
        "Disse deltagere har en plads: Kollega 1, Kollega 2.",
        "Arrangementet var fuldt for disse deltagere, så de står på ventelisten: Kollega 3. "
        "Vi skriver til hver af dem, så snart en plads bliver ledig.",
    ]
    order = Order.objects.get()
    statuses = {p.registration.name: p.registration.status for p in order.participants.all()}
    assert statuses == {
        "Kollega 1": RegistrationStatus.CONFIRMED,
        "Kollega 2": RegistrationStatus.CONFIRMED,
        "Kollega 3": RegistrationStatus.WAITING,
    }
    assert (order.booker_name, order.payer_type, order.ean) == ("Hanne Leder", "public", VALID_EAN)
    assert order.invoices.get().total == 2 * (1500 + 695), "the two seats and their nights only"

    # Each colleague gets their own e-mail, with the calendar file and their own link.
    for number in (1, 2, 3):
        registration = Registration.objects.get(email=f"kollega{number}@kommune.example")
        (message,) = [m for m in mail.outbox if m.to == [registration.email]]
        assert any(attachment[0] == "event.ics" for attachment in message.attachments)
        assert "/min-tilmelding/" in message.body
    assert mail.outbox[0].subject.startswith("Du er tilmeldt")
    # The booker's e-mail links to the order's page.
    assert f"/bestilling/{order_token(order)}/" in booker_mail().body


def test_a_free_event_asks_nothing_about_paying_and_invoices_nothing(
    client, django_capture_on_commit_callbacks
):
    event = free_event()
    form = soup_of(client.get(event.url)).select_one("form.registration-form")
    assert form.select_one('[name="payer_type"]') is None and form.select_one("fieldset.payer") is None
    participants = [colleague(event, 1), colleague(event, 2)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, order_data(event, participants, payer=None))
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.payer_type, order.payer_name, order.status) == ("", "", OrderStatus.CONFIRMED)
    assert not Invoice.objects.exists()
    assert order.participants.count() == 2


@pytest.mark.parametrize(
    ("payer", "stored"),
    [
        ("public", {"payer_name": "Middelfart Kommune", "ean": VALID_EAN, "buyer_order_number": "PO-4711"}),
        ("company", {"payer_name": "Social Udvikling ApS", "cvr": VALID_CVR, "ean": ""}),
        ("private", {"payer_name": "Hanne Leder", "cvr": "", "billing_address": "Algade 1\n5500 Middelfart"}),
    ],
)
def test_each_payer_is_ordered_and_invoiced(client, payer, stored):
    event = paid_event()
    # The other payers' fields, typed and then left when the visitor changed their mind, are not kept.
    leftovers = {"ean": VALID_EAN, "cvr": VALID_CVR, "order_number": "X-1", "person_reference": "Nogen"}
    data = order_data(event, [colleague(event, 1)], payer=payer)
    response = client.post(event.url, {**leftovers, **data})
    assert response.status_code == 302, summary_of(response)
    order = Order.objects.get()
    assert order.payer_type == payer
    assert {key: getattr(order, key) for key in stored} == stored
    invoice = order.invoices.get()
    assert (invoice.payer_type, invoice.buyer_name) == (payer, stored["payer_name"])


def test_a_paid_event_never_chooses_the_payer(client):
    event = paid_event()
    form = soup_of(client.get(event.url)).select_one("form.registration-form")
    radios = form.select('input[name="payer_type"]')
    assert len(radios) == 3 and not any(radio.has_attr("checked") for radio in radios)
    data = order_data(event, [colleague(event, 1)], payer=None)
    response = client.post(event.url, data)
    assert response.status_code == 200
    assert summary_of(response) == [
        "Hvem betaler?: Vælg, hvem der betaler: dig, en virksomhed eller en offentlig institution."
    ]
    assert not Order.objects.exists() and not Registration.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "da",
            [
                "Dit navn: Dette felt er påkrævet.",
                "Deltager 2, E-mail: Angiv en gyldig e-mailadresse.",
                "Deltager 3, E-mail: Hver deltager skal have sin egen e-mailadresse.",
                "EAN-nummer: Et EAN-nummer har 13 cifre og et gyldigt kontrolciffer. Tjek det venligst.",
            ],
        ),
        (
            "en",
            [
                "Your name: This field is required.",
                "Participant 2, E-mail: Enter a valid email address.",
                "Participant 3, E-mail: Each participant needs their own e-mail address.",
                "EAN number: An EAN number has 13 digits and a valid check digit. Please check it.",
            ],
        ),
    ],
)
def test_field_errors_in_the_visitors_language_store_nothing(client, language, expected):
    event = paid_event()
    page = translate_event(event, title="Course", slug="course") if language == "en" else event
    participants = [
        colleague(event, 1),
        colleague(event, 2, email="not-an-address"),
        colleague(event, 3, email="KOLLEGA1@kommune.example"),
    ]
    data = order_data(event, participants, booker_name="", ean="5798000000002")
    response = client.post(page.url, data)
    assert response.status_code == 200
    summary = summary_of(response)
    assert summary == expected
    # Each line of the summary links to its field.
    for link in soup_of(response).select("#form-errors a"):
        assert soup_of(response).find(id=link["href"].removeprefix("#")) is not None
    # What was typed is kept.
    assert participant_names(response) == ["Kollega 1", "Kollega 2", "Kollega 3"]
    assert not Order.objects.exists() and not Registration.objects.exists()


def test_adding_and_removing_participants_without_javascript(client):
    event = paid_event()
    form = soup_of(client.get(event.url)).select_one("form.registration-form")
    assert len(form.select("fieldset.participant")) == 1
    assert form.select_one('button[name="remove_participant"]') is None, "the first participant stays"

    typed = order_data(event, [colleague(event, 1, nights=[NIGHT])], booker_name="Hanne Leder")
    added = client.post(event.url, {**typed, "add_participant": "1"})
    assert added.status_code == 200
    assert participant_names(added) == ["Kollega 1", ""]
    soup = soup_of(added)
    assert soup.select_one("#form-errors") is None, "nothing was sent yet, so nothing is wrong"
    assert soup.select_one('input[name="booker_name"]')["value"] == "Hanne Leder"
    assert soup.select_one('input[name="participants-0-nights"][value="2027-01-14"]').has_attr("checked")
    assert soup.select_one('input[name="payer_type"][value="public"]').has_attr("checked")
    assert soup.select_one('input[name="participants-TOTAL_FORMS"]')["value"] == "2"

    three = order_data(event, [colleague(event, 1), colleague(event, 2), colleague(event, 3)])
    removed = client.post(event.url, {**three, "remove_participant": "1"})
    assert participant_names(removed) == ["Kollega 1", "Kollega 3"]
    assert [
        button.get_text(strip=True) for button in soup_of(removed).select('button[name="remove_participant"]')
    ] == ["Fjern deltager 2"]
    assert not Order.objects.exists() and not Registration.objects.exists()

    # The redrawn form is the one that is sent: both participants are booked.
    redrawn = soup_of(removed).select_one("form.registration-form")
    data = {
        field["name"]: field.get("value", "")
        for field in redrawn.select("input")
        if field.get("name") and field.get("type") not in ("radio", "checkbox", "submit")
    }
    data.update({f"participants-{i}-price_option": event.price_options[0].id for i in (0, 1)})
    data.update({"payer_type": "public", "accept_terms": "on", "website": ""})
    response = client.post(event.url, data)
    assert response.status_code == 302, summary_of(response)
    assert sorted(Registration.objects.values_list("name", flat=True)) == ["Kollega 1", "Kollega 3"]


def test_a_tampered_participant_count_is_refused_without_an_error_page(client):
    event = paid_event()
    data = order_data(event, [colleague(event, 1)], **{"participants-TOTAL_FORMS": "5000"})
    response = client.post(event.url, data)
    assert response.status_code == 200
    assert summary_of(response)
    assert not Registration.objects.exists()
    response = client.post(event.url, {**data, "participants-TOTAL_FORMS": "many", "add_participant": "1"})
    assert response.status_code == 200


def test_the_booker_opens_the_order_with_its_invoice_and_credit_note(
    client, django_capture_on_commit_callbacks
):
    from events.services import cancel_registration
    from events.services.audit import PARTICIPANT

    event = paid_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, order_data(event, [colleague(event, 1), colleague(event, 2)]))
    order = Order.objects.get()
    link = re.search(r"http://testserver(/bestilling/\S+/)", booker_mail().body).group(1)
    assert link == f"/bestilling/{order_token(order)}/"
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(Registration.objects.get(name="Kollega 1"), by=PARTICIPANT)

    page = client.get(link)
    assert page.status_code == 200
    soup = soup_of(page)
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("table.order-participants tbody tr")
    ]
    assert rows == [
        ["Kollega 1", "kollega1@kommune.example", "Tilmelding annulleret"],
        ["Kollega 2", "kollega2@kommune.example", "Tilbudt en plads"],
    ]
    assert "Middelfart Kommune" in soup.get_text() and VALID_EAN in soup.get_text()
    invoice = order.invoices.get(kind="invoice")
    credit_note = order.invoices.get(kind="credit_note")
    documents = [
        {
            part: item.select_one(f".order-document__{part}").get_text(" ", strip=True)
            for part in ("name", "total", "date", "due")
            if item.select_one(f".order-document__{part}")
        }
        for item in soup.select(".order-documents .order-document")
    ]
    assert documents[0] == {
        "name": f"Faktura {invoice.number}",
        "total": "1.500,00 kr.",
        "date": "1. december 2026",
        "due": "31. december 2026",
    }
    assert documents[1]["name"] == f"Kreditnota {credit_note.number}"
    assert f"(krediterer faktura {invoice.number})" in soup.select(".order-document")[1].get_text(
        " ", strip=True
    )

    pdf_link = soup.select(".order-documents a")[0]["href"]
    assert pdf_link == f"/bestilling/{order_token(order)}/dokumenter/{invoice.number}/"
    pdf = client.get(pdf_link)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert f'filename="faktura-{invoice.number}.pdf"' in pdf["Content-Disposition"]

    # Only the order's own documents, only through its link.
    other = paid_event()
    client.post(other.url, order_data(other, [colleague(other, 9)]))
    other_order = Order.objects.exclude(pk=order.pk).get()
    foreign = other_order.invoices.get().number
    assert client.get(f"/bestilling/{order_token(order)}/dokumenter/{foreign}/").status_code == 404
    assert client.get(f"/bestilling/{order.reference.hex}/").status_code == 404


def test_the_order_page_is_in_the_bookers_language(client, django_capture_on_commit_callbacks):
    event = paid_event()
    english = translate_event(event, title="Course on co-creation", slug="course-on-co-creation")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(english.url, order_data(event, [colleague(event, 1)]))
    order = Order.objects.get()
    assert order.language == "en"
    link = re.search(r"http://testserver(/en/order/\S+/)", booker_mail().body).group(1)
    soup = soup_of(client.get(link))
    assert soup.select_one("h1").get_text(strip=True) == f"Order {order.number}"
    assert "Course on co-creation" in soup.select_one(".page-header__lead").get_text()
    assert "DKK 2,195.00" not in soup.get_text() and "DKK 1,500.00" in soup.get_text()


@pytest.mark.parametrize("token", ["nonsense", "1234:abc", "x" * 300])
def test_a_broken_order_link_gets_the_friendly_page(client, token):
    response = client.get(f"/bestilling/{token}/")
    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()


def test_an_order_link_expires_after_the_event(client, settings):
    event = paid_event()
    client.post(event.url, order_data(event, [colleague(event, 1)]))
    order = Order.objects.get()
    settings.REGISTRATION_LINK_DAYS_AFTER_EVENT = 90
    with time_machine.travel(local(2027, 4, 16, 12), tick=False):
        response = client.get(f"/bestilling/{order_token(order)}/")
        pdf = client.get(f"/bestilling/{order_token(order)}/dokumenter/{order.invoices.get().number}/")
    assert response.status_code == 410 and pdf.status_code == 410
    assert "Linket er udløbet" in response.content.decode()


def test_only_the_booker_can_agree_to_be_shown_and_only_for_themselves(client):
    """Consent is the person's own: a booker cannot give it for a colleague (who can give it on their
    own registration page), only for the participant with the booker's own address."""
    event = paid_event()
    booker_takes_part = colleague(event, 1, email=BOOKER["booker_email"], share_with_participants="on")
    for_a_colleague = colleague(event, 2, share_with_participants="on")
    response = client.post(event.url, order_data(event, [booker_takes_part, for_a_colleague]))
    assert summary_of(response) == [
        "Deltager 2, Vis mit navn, fag og arbejdsplads for de andre deltagere: Kun deltageren selv kan sige "
        "ja til dette: sæt kun kryds for dig selv. Dine kolleger kan sige ja på deres egen tilmeldingsside."
    ]
    assert not Registration.objects.exists()

    del for_a_colleague["share_with_participants"]
    response = client.post(event.url, order_data(event, [booker_takes_part, for_a_colleague]))
    assert response.status_code == 302, summary_of(response)
    shown = dict(Registration.objects.values_list("name", "shares_with_participants"))
    assert shown == {"Kollega 1": True, "Kollega 2": False}
    assert Registration.objects.get(name="Kollega 1").shares_with_participants_at is not None


def test_a_night_without_a_room_refuses_the_order_on_that_participant(client):
    event = paid_event(rooms_per_night=1)
    form = soup_of(client.get(event.url)).select_one("fieldset.participant")
    assert "1 værelse tilbage" in form.get_text(" ", strip=True)
    assert "695,00 kr." in form.select_one('[id="id_participants-0-nights_helptext"]').get_text()
    participants = [colleague(event, 1, nights=[NIGHT]), colleague(event, 2, nights=[NIGHT])]
    response = client.post(event.url, order_data(event, participants))
    assert response.status_code == 200
    (line,) = summary_of(response)
    assert line.startswith("Deltager 2, Overnatning: ")
    assert not Order.objects.exists() and not Registration.objects.exists()
