"""Changing an order: a colleague substituted, a night added or removed, each under the event's lock
with booking's room rules, and the credit note and new invoice it needs, read back from the PDFs in
both languages; a public payer's new documents go to the e-invoice outbox."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from django.core import mail

from billing.documents import invoice_pdf
from billing.links import order_url
from billing.models import EInvoiceMessage, Invoice, InvoiceKind
from billing.services.changes import ChangeRefused, Substitute, change_nights, substitute_participant
from billing.services.orders import place_order
from events.emails import registration_url
from events.models import Registration, RegistrationStatus
from events.services import cancel_registration
from events.services.audit import PARTICIPANT
from tests.billing.factories import colleague, paid_event, payer, seller_settings
from tests.billing.test_einvoice import assert_valid
from tests.demo.test_documents import needs_poppler, pdf_text
from tests.events.factories import local

pytestmark = pytest.mark.django_db

NIGHT_BEFORE = dt.date(2027, 1, 13)
NIGHT = dt.date(2027, 1, 14)
BOOKER = "hanne@kommune.example"


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(username="kontor", password="x", is_staff=True)


def placed(language="da", rooms=10, capacity=10, colleagues=2):
    """Placed on 1 December by a public payer: Kollega 1 with the night to 15 January, the others
    without nights; one room a night when rooms=1."""
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event(capacity=capacity, rooms_per_night=rooms)
        people = [colleague(event, 1, nights=[NIGHT])] + [
            colleague(event, number) for number in range(2, colleagues + 1)
        ]
        return place_order(event, payer("public", language=language), people)


def documents_after(invoice: Invoice) -> list[Invoice]:
    return list(Invoice.objects.filter(number__gt=invoice.number).order_by("number"))


def lines_of(document: Invoice) -> list[tuple[str, Decimal]]:
    return [(line.description, line.gross_amount) for line in document.lines.all()]


def on_10_december():
    return time_machine.travel(local(2026, 12, 10, 12), tick=False)


def substituted(order, staff_user):
    with on_10_december():
        return substitute_participant(
            order.confirmed[1],
            Substitute("Søren Ærø", "soren@kommune.example", profession="Pædagog"),
            user=staff_user,
        )


def test_a_substitute_takes_the_seat_and_the_payer_gets_a_credit_note_and_a_new_invoice(
    staff_user, django_capture_on_commit_callbacks
):
    order = placed(capacity=2, colleagues=3)
    kollega_2, kollega_3 = order.confirmed[1], order.waiting[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change = substituted(order, staff_user)

    kollega_2.refresh_from_db()
    kollega_3.refresh_from_db()
    new = change.registration
    assert kollega_2.status == RegistrationStatus.CANCELLED
    assert (new.status, new.name, new.profession, new.price_amount) == (
        RegistrationStatus.CONFIRMED,
        "Søren Ærø",
        "Pædagog",
        Decimal("1500.00"),
    )
    assert kollega_3.status == RegistrationStatus.WAITING, (
        "the seat went to the colleague, not the waiting list"
    )
    assert Registration.objects.filter(event=new.event, status=RegistrationStatus.CONFIRMED).count() == 2

    invoice = order.invoice
    (credit_note,) = change.credit_notes
    assert (credit_note.kind, credit_note.credits, credit_note.number) == (
        InvoiceKind.CREDIT_NOTE,
        invoice,
        invoice.number + 1,
    )
    assert change.invoice.number == invoice.number + 2
    assert lines_of(credit_note) == [("Deltagelse: Kollega 2 (Standard)", Decimal("1500.00"))]
    assert lines_of(change.invoice) == [("Deltagelse: Søren Ærø (Standard)", Decimal("1500.00"))]
    assert (change.invoice.total, change.invoice.vat_total) == (Decimal("1500.00"), Decimal("0.00"))
    assert set(EInvoiceMessage.objects.values_list("invoice__number", flat=True)) == {
        invoice.number,
        credit_note.number,
        change.invoice.number,
    }, "an EAN payer's new documents go to the e-invoice outbox too"

    (welcome,) = [message for message in mail.outbox if message.to == ["soren@kommune.example"]]
    assert [name for name, _content, _kind in welcome.attachments] == ["event.ics"]
    assert "Du er tilmeldt" in welcome.subject
    assert registration_url(new) in welcome.body, "their own link to their registration"
    (goodbye,) = [message for message in mail.outbox if message.to == ["kollega2@kommune.example"]]
    assert "annulleret" in goodbye.subject
    assert not [message for message in mail.outbox if message.to == ["kollega3@kommune.example"]]
    (booker,) = [message for message in mail.outbox if message.to == [BOOKER]]
    assert [name for name, _content, _kind in booker.attachments] == [
        f"kreditnota-{credit_note.number}.pdf",
        f"faktura-{change.invoice.number}.pdf",
    ]
    assert (
        f"Kreditnota {credit_note.number} krediterer 1.500,00 kr. af faktura {invoice.number}" in booker.body
    )
    assert "Søren Ærø (soren@kommune.example)" in booker.body
    assert order_url(order.order) in booker.body, "the signed link to the booker's order page"


def test_cancelling_the_substitute_credits_their_invoice(staff_user):
    order = placed()
    change = substituted(order, staff_user)
    with on_10_december():
        cancel_registration(change.registration, by=PARTICIPANT)
    latest = Invoice.objects.order_by("number").last()
    assert (latest.kind, latest.credits, latest.total) == (
        InvoiceKind.CREDIT_NOTE,
        change.invoice,
        Decimal("1500.00"),
    )


def test_a_substitute_is_refused_with_an_address_already_registered(staff_user):
    order = placed()
    with pytest.raises(ChangeRefused, match="allerede tilmeldt|already registered"):
        substitute_participant(
            order.confirmed[1], Substitute("Kollega 1", "KOLLEGA1@kommune.example"), user=staff_user
        )
    assert Registration.objects.get(pk=order.confirmed[1].pk).status == RegistrationStatus.CONFIRMED
    assert Invoice.objects.count() == 1


@needs_poppler
@pytest.mark.parametrize(
    ("language", "credited", "invoiced"),
    [
        (
            "da",
            [
                "KREDITNOTA",
                "Krediterer faktura: {invoice}",
                "Deltagelse: Kollega 2 (Standard) Momsfri 1.500,00 1.500,00",
                "I alt krediteret: 1.500,00 kr.",
            ],
            [
                "FAKTURA",
                "Deltagelse: Søren Ærø (Standard) Momsfri 1.500,00 1.500,00",
                "I alt at betale: 1.500,00 kr.",
            ],
        ),
        (
            "en",
            [
                "CREDIT NOTE",
                "Credits invoice: {invoice}",
                "Participation: Kollega 2 (Standard) Exempt 1,500.00 1,500.00",
                "Total credited: DKK 1,500.00",
            ],
            [
                "INVOICE",
                "Participation: Søren Ærø (Standard) Exempt 1,500.00 1,500.00",
                "Total to pay: DKK 1,500.00",
            ],
        ),
    ],
)
def test_the_substitution_documents_in_both_languages(language, credited, invoiced, staff_user, tmp_path):
    order = placed(language)
    change = substituted(order, staff_user)
    (credit_note,) = change.credit_notes
    credit_text = pdf_text(invoice_pdf(credit_note), tmp_path)
    for line in credited:
        assert line.format(invoice=order.invoice.number) in credit_text, f"{line!r} not in {credit_text!r}"
    invoice_text = pdf_text(invoice_pdf(change.invoice), tmp_path)
    for line in invoiced:
        assert line in invoice_text, f"{line!r} not in {invoice_text!r}"
    assert "Kollega 2" not in invoice_text


def test_adding_a_night_while_a_room_is_left_invoices_the_night(
    staff_user, django_capture_on_commit_callbacks
):
    order = placed(rooms=2)
    kollega_2 = order.confirmed[1]
    with on_10_december(), django_capture_on_commit_callbacks(execute=True):
        change = change_nights(kollega_2, [NIGHT], user=staff_user)
    assert Registration.objects.get(pk=kollega_2.pk).nights == [NIGHT]
    assert change.credit_notes == []
    assert lines_of(change.invoice) == [
        ("Overnatning, natten til 15. januar 2027: Kollega 2", Decimal("695.00"))
    ]
    assert (change.invoice.net_total, change.invoice.vat_total, change.invoice.total) == (
        Decimal("556.00"),
        Decimal("139.00"),
        Decimal("695.00"),
    )
    assert EInvoiceMessage.objects.filter(invoice=change.invoice).exists()
    (booker,) = [message for message in mail.outbox if message.to == [BOOKER] and "ændret" in message.subject]
    assert f"Faktura {change.invoice.number} på 695,00 kr. forfalder" in booker.body


def test_adding_a_night_without_a_room_left_is_refused(staff_user):
    order = placed(rooms=1)
    kollega_2 = order.confirmed[1]
    with on_10_december(), pytest.raises(ChangeRefused, match="ikke flere værelser|No rooms"):
        change_nights(kollega_2, [NIGHT], user=staff_user)
    assert Registration.objects.get(pk=kollega_2.pk).nights == []
    assert Invoice.objects.count() == 1, "nothing invoiced"
    # The night before still has its room.
    with on_10_december():
        change = change_nights(kollega_2, [NIGHT_BEFORE], user=staff_user)
    assert change.invoice.total == Decimal("695.00")


def test_removing_a_night_credits_it_and_a_later_cancellation_credits_the_rest(staff_user):
    order = placed()
    kollega_1 = order.confirmed[0]
    with on_10_december():
        change = change_nights(kollega_1, [], user=staff_user)
    assert Registration.objects.get(pk=kollega_1.pk).nights == []
    (credit_note,) = change.credit_notes
    assert change.invoice is None
    assert credit_note.credits == order.invoice
    assert lines_of(credit_note) == [
        ("Overnatning, natten til 15. januar 2027: Kollega 1", Decimal("695.00"))
    ]
    assert (credit_note.net_total, credit_note.vat_total) == (Decimal("556.00"), Decimal("139.00"))
    with on_10_december():
        cancel_registration(kollega_1, by=PARTICIPANT)
    latest = Invoice.objects.order_by("number").last()
    assert lines_of(latest) == [("Deltagelse: Kollega 1 (Standard)", Decimal("1500.00"))], (
        "the night is not credited twice"
    )


def test_a_night_removed_after_the_deadline_keeps_the_fee(staff_user):
    order = placed()
    event = order.order.event
    event.late_cancellation_fee_percent = 40
    event.save_revision().publish()
    with time_machine.travel(local(2027, 1, 5, 12), tick=False):
        change = change_nights(order.confirmed[0], [], user=staff_user)
    assert [credit_note.total for credit_note in change.credit_notes] == [Decimal("417.00")]


def test_an_added_and_a_removed_night_in_english(staff_user, tmp_path):
    order = placed("en")
    with on_10_december():
        change = change_nights(order.confirmed[0], [NIGHT_BEFORE], user=staff_user)
    assert lines_of(change.credit_notes[0]) == [
        ("Overnight stay, night to 15 January 2027: Kollega 1", Decimal("695.00"))
    ]
    assert lines_of(change.invoice) == [
        ("Overnight stay, night to 14 January 2027: Kollega 1", Decimal("695.00"))
    ]


@needs_poppler
def test_the_night_invoice_pdf_in_english(staff_user, tmp_path):
    order = placed("en")
    with on_10_december():
        change = change_nights(order.confirmed[1], [NIGHT_BEFORE], user=staff_user)
    text = pdf_text(invoice_pdf(change.invoice), tmp_path)
    for line in (
        "Overnight stay, night to 14 January 2027: Kollega 2 VAT 25 % 556.00 695.00",
        "VAT 25 %: VAT DKK 139.00 of DKK 556.00",
        "Total to pay: DKK 695.00",
    ):
        assert line in text, f"{line!r} not in {text!r}"


@needs_poppler
def test_the_credit_note_for_a_removed_night_in_danish(staff_user, tmp_path):
    order = placed("da")
    with on_10_december():
        (credit_note,) = change_nights(order.confirmed[0], [], user=staff_user).credit_notes
    text = pdf_text(invoice_pdf(credit_note), tmp_path)
    for line in (
        "KREDITNOTA",
        f"Krediterer faktura: {order.invoice.number}",
        "Overnatning, natten til 15. januar 2027: Kollega 1 Moms 25 % 556,00 695,00",
        "Moms 25 %: moms 139,00 kr. af 556,00 kr.",
        "I alt krediteret: 695,00 kr.",
    ):
        assert line in text, f"{line!r} not in {text!r}"


def test_unchanged_nights_and_nights_not_offered_are_refused(staff_user):
    order = placed()
    with pytest.raises(ChangeRefused, match="allerede|already"):
        change_nights(order.confirmed[0], [NIGHT], user=staff_user)
    with pytest.raises(ChangeRefused, match="listen|list"):
        change_nights(order.confirmed[0], [dt.date(2027, 1, 20)], user=staff_user)
    assert Invoice.objects.count() == 1


def test_the_e_invoices_of_a_substitution_and_of_night_changes_pass_the_peppol_rules(staff_user):
    order = placed()
    substitution = substituted(order, staff_user)
    with on_10_december():
        added = change_nights(order.confirmed[0], [NIGHT_BEFORE, NIGHT], user=staff_user)
        removed = change_nights(order.confirmed[0], [], user=staff_user)
    documents = [*substitution.documents, *added.documents, *removed.documents]
    assert [document.kind for document in documents] == [
        InvoiceKind.CREDIT_NOTE,
        InvoiceKind.INVOICE,
        InvoiceKind.INVOICE,
        InvoiceKind.CREDIT_NOTE,
        InvoiceKind.CREDIT_NOTE,
    ], "the nights 13 and 14 January were charged on two invoices, so two credit notes"
    for message in EInvoiceMessage.objects.filter(invoice__in=documents):
        assert_valid(message.document.encode("utf-8"))
    assert EInvoiceMessage.objects.filter(invoice__in=documents).count() == len(documents)
