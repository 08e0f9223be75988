"""Staff tools in the admin: sending the booker the order's e-mail or one document again, and booking
by phone on a caller's behalf through place_order, each behind the order permissions."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from billing.documents import invoice_pdf
from billing.models import Invoice, InvoiceKind, Order
from billing.services.orders import place_order
from events.models import Registration, RegistrationStatus
from events.services import cancel_registration
from events.services.audit import PARTICIPANT
from tests.billing.factories import VALID_CVR, colleague, free_event, paid_event, payer, seller_settings

pytestmark = pytest.mark.django_db

BOOKER = "hanne@kommune.example"


@pytest.fixture
def placed():
    seller_settings()
    event = paid_event()
    return place_order(event, payer("company", language="en"), [colleague(event, 1), colleague(event, 2)])


def to_booker():
    return [message for message in mail.outbox if message.to == [BOOKER]]


def test_staff_send_the_order_email_again_with_its_invoice(
    admin_client, placed, django_capture_on_commit_callbacks
):
    url = reverse("orders:resend_email", args=[placed.order.pk])
    assert url in admin_client.get(reverse("orders:inspect", args=[placed.order.pk])).content.decode()
    assert BOOKER in admin_client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response["Location"] == reverse("orders:inspect", args=[placed.order.pk])
    (message,) = to_booker()
    assert f"Invoice {placed.invoice.number} for DKK 3,000.00" in message.body
    assert [name for name, _content, _kind in message.attachments] == [f"invoice-{placed.invoice.number}.pdf"]


def test_staff_email_one_document_to_the_booker(admin_client, placed, django_capture_on_commit_callbacks):
    cancel_registration(placed.confirmed[0], by=PARTICIPANT)
    credit_note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    url = reverse("orders:send_document", args=[placed.order.pk, credit_note.pk])
    assert url in admin_client.get(reverse("orders:inspect", args=[placed.order.pk])).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
    (message,) = to_booker()
    assert message.subject.startswith(f"Credit note {credit_note.number}:")
    assert (
        f"here is credit note {credit_note.number} for your order {placed.order.number} again" in message.body
    )
    ((name, content, kind),) = message.attachments
    assert (name, content, kind) == (
        f"credit-note-{credit_note.number}.pdf",
        invoice_pdf(credit_note),
        "application/pdf",
    )
    other_event = paid_event()
    other_order = place_order(other_event, payer("company"), [colleague(other_event, 3)])
    assert (
        admin_client.post(
            reverse("orders:send_document", args=[other_order.order.pk, credit_note.pk])
        ).status_code
        == 404
    )


def test_nothing_is_sent_to_an_erased_booker(admin_client, placed, django_capture_on_commit_callbacks):
    Order.objects.filter(pk=placed.order.pk).update(booker_email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("orders:resend_email", args=[placed.order.pk]), follow=True)
    assert "e-mailadresse er slettet" in response.content.decode()
    assert mail.outbox == []


def booking_form(event, **fields) -> dict:
    option = event.price_options[0].id
    data = {
        "booker_name": "Hanne Leder",
        "booker_email": BOOKER,
        "language": "da",
        "payer_type": "company",
        "payer_name": "Social Udvikling ApS",
        "cvr": f"DK {VALID_CVR}",
        "billing_address": "Vestergade 2\n8000 Aarhus C",
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "1",
        "participants-MAX_NUM_FORMS": "30",
        "participants-0-name": "Kollega 1",
        "participants-0-email": "kollega1@kommune.example",
        "participants-0-price_option": option,
        "participants-0-nights": ["2027-01-14"],
        "participants-1-name": "Kollega 2",
        "participants-1-email": "kollega2@kommune.example",
        "participants-1-price_option": option,
    }
    return {**data, **fields}


def test_staff_book_two_colleagues_by_phone(admin_client, django_capture_on_commit_callbacks):
    seller_settings()
    event = paid_event(capacity=1)
    url = reverse("orders:book_by_phone")
    assert url in admin_client.get(reverse("orders:index")).content.decode(), (
        "the list's Book by phone button"
    )
    chooser = admin_client.get(url).content.decode()
    assert event.title in chooser
    page = admin_client.get(url, {"event": event.pk}).content.decode()
    assert "participants-2-name" in page and "CVR" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{url}?event={event.pk}", booking_form(event))
    order = Order.objects.get()
    assert response["Location"] == reverse("orders:inspect", args=[order.pk])
    assert (order.booker_email, order.payer_type, order.cvr) == (BOOKER, "company", VALID_CVR)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "kollega1@kommune.example": RegistrationStatus.CONFIRMED,
        "kollega2@kommune.example": RegistrationStatus.WAITING,
    }
    (invoice,) = order.invoices.all()
    assert invoice.total == 2195, "the seat and the night of the confirmed participant"
    addresses = {address for message in mail.outbox for address in message.to}
    assert addresses == {BOOKER, "kollega1@kommune.example", "kollega2@kommune.example"}


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"cvr": "12345678"}, "Et CVR-nummer har 8 cifre"),
        ({"payer_type": ""}, "Dette felt er påkrævet"),
        ({"billing_address": ""}, "Skal udfyldes til fakturaen"),
        ({"participants-0-email": "kollega2@kommune.example"}, "Deltager 2"),
        (
            {"participants-0-name": "", "participants-0-email": "", "participants-1-name": ""},
            "Dette felt er påkrævet",
        ),
    ],
)
def test_a_wrong_phone_booking_says_why_in_danish_and_books_nothing(admin_client, fields, error):
    event = paid_event()
    response = admin_client.post(
        f"{reverse('orders:book_by_phone')}?event={event.pk}", booking_form(event, **fields)
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Order.objects.exists() and not Registration.objects.exists()


def test_a_free_event_is_booked_by_phone_without_a_payer(admin_client):
    event = free_event()
    url = f"{reverse('orders:book_by_phone')}?event={event.pk}"
    page = BeautifulSoup(admin_client.get(url).content, "lxml")
    assert page.select_one("[name=payer_type]") is None and page.select_one("[name=cvr]") is None
    form = {
        key: value
        for key, value in booking_form(event).items()
        if key not in ("payer_type", "payer_name", "cvr", "billing_address", "participants-0-nights")
    }
    admin_client.post(url, form)
    order = Order.objects.get()
    assert order.payer_type == "" and not order.invoices.exists()


def test_the_tools_need_the_order_permissions(client, django_user_model, placed):
    staff = django_user_model.objects.create_user("kontor", password="x")  # noqa: S106
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_order"]))
    client.force_login(staff)
    resend = reverse("orders:resend_email", args=[placed.order.pk])
    book = reverse("orders:book_by_phone")
    assert resend not in client.get(reverse("orders:inspect", args=[placed.order.pk])).content.decode()
    assert book not in client.get(reverse("orders:index")).content.decode()
    assert client.post(resend).status_code in (302, 403)
    assert client.get(book).status_code in (302, 403)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_order", "change_order"]))
    client.force_login(django_user_model.objects.get(pk=staff.pk))
    assert client.get(book).status_code == 200
    assert client.get(resend).status_code == 200
