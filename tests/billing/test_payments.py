"""An invoice is unpaid, paid or overdue, worked out from its payments, its credit notes and the
date; staff register payments in the admin, and the list shows and filters by payment status."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Permission
from django.urls import reverse

from billing.models import Payment, PaymentSource
from billing.services.payments import (
    PaymentAlreadyRecorded,
    PaymentRefused,
    amount_owed,
    payment_status,
    record_payment,
)
from events.services import cancel_registration
from events.services.audit import PARTICIPANT
from tests.billing.factories import first_cell, invoiced_order, seller_settings
from tests.events.factories import local

pytestmark = pytest.mark.django_db

PAID_ON = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def invoice():
    return invoiced_order().invoice


def test_unpaid_until_the_due_date_then_overdue(invoice):
    assert invoice.due_date == dt.date(2026, 12, 31)
    assert payment_status(invoice, today=dt.date(2026, 12, 31)) == "unpaid"
    assert payment_status(invoice, today=dt.date(2027, 1, 1)) == "overdue"


def test_partial_payments_add_up_to_paid(invoice):
    first = record_payment(invoice, Decimal("1000.00"), PAID_ON, PaymentSource.MANUAL)
    assert first.amount_owed == Decimal("2695.00")
    assert payment_status(invoice, today=dt.date(2027, 1, 1)) == "overdue"
    record_payment(invoice, Decimal("2695.00"), PAID_ON, PaymentSource.MANUAL)
    assert amount_owed(invoice) == 0
    assert payment_status(invoice, today=dt.date(2027, 1, 1)) == "paid"


def test_a_credit_note_reduces_what_is_owed():
    placed = invoiced_order()
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        cancel_registration(placed.confirmed[0], by=PARTICIPANT)  # credits 2.195,00
    assert amount_owed(placed.invoice) == Decimal("1500.00")
    (credit_note,) = placed.invoice.credit_notes.all()
    assert payment_status(credit_note) is None
    record_payment(placed.invoice, Decimal("1500.00"), PAID_ON, PaymentSource.BANK)
    assert payment_status(placed.invoice, today=dt.date(2027, 2, 1)) == "paid"


def test_what_cannot_be_recorded_is_refused_and_nothing_is_stored(invoice):
    with pytest.raises(PaymentRefused, match="mere end de 3.695,00 kr."):
        record_payment(invoice, Decimal("3695.01"), PAID_ON, PaymentSource.MANUAL)
    with pytest.raises(PaymentRefused):
        record_payment(invoice, Decimal("0"), PAID_ON, PaymentSource.MANUAL)
    record_payment(invoice, Decimal("3695.00"), PAID_ON, PaymentSource.MANUAL)
    with pytest.raises(PaymentRefused, match="allerede betalt"):
        record_payment(invoice, Decimal("1.00"), PAID_ON, PaymentSource.MANUAL)
    assert Payment.objects.count() == 1


def test_a_provider_delivering_the_same_payment_twice_pays_once(invoice):
    """The future card/MobilePay webhook calls record_payment with the provider's transaction id."""
    record_payment(invoice, Decimal("500.00"), PAID_ON, PaymentSource.PROVIDER, external_id="tx-1")
    with pytest.raises(PaymentAlreadyRecorded):
        record_payment(invoice, Decimal("500.00"), PAID_ON, PaymentSource.PROVIDER, external_id="tx-1")
    assert amount_owed(invoice) == Decimal("3195.00")


def test_a_credit_note_is_not_paid():
    placed = invoiced_order()
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        cancel_registration(placed.confirmed[1], by=PARTICIPANT)
    credit_note = placed.invoice.credit_notes.get()
    with pytest.raises(PaymentRefused):
        record_payment(credit_note, Decimal("100.00"), PAID_ON, PaymentSource.MANUAL)


# In the admin (in Danish, as the staff use it) ----------------------------------------------------


def rows(response) -> dict[str, str]:
    """The invoice list: each row's number and its payment column."""
    soup = BeautifulSoup(response.content, "lxml")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    column = headings.index("Betaling")
    return {
        first_cell(row): row.select("td")[column].get_text(" ", strip=True)
        for row in soup.select("table.listing tbody tr")
    }


def test_the_invoice_list_shows_and_filters_by_payment_status(admin_client, admin_user):
    paid, overdue = invoiced_order().invoice, invoiced_order(kind="company").invoice
    later = invoiced_order(kind="private", when=(2027, 1, 10)).invoice
    record_payment(paid, paid.total, PAID_ON, PaymentSource.MANUAL)
    url = reverse("invoices:index")
    with time_machine.travel(local(2027, 1, 15, 12), tick=False):
        admin_client.force_login(admin_user)  # a session started in December has expired
        assert rows(admin_client.get(url)) == {
            str(paid.number): "Betalt",
            str(overdue.number): "Forfalden",
            str(later.number): "Ubetalt",
        }
        assert list(rows(admin_client.get(url, {"payment": "overdue"}))) == [str(overdue.number)]
        assert list(rows(admin_client.get(url, {"payment": "paid"}))) == [str(paid.number)]
        assert list(rows(admin_client.get(url, {"payment": "unpaid"}))) == [str(later.number)]


def test_staff_register_a_payment_in_danish_notation(admin_client, invoice):
    url = reverse("invoices:register_payment", args=[invoice.pk])
    page = admin_client.get(url).content.decode()
    assert "3.695,00 kr." in page
    with time_machine.travel(local(2026, 12, 6, 12), tick=False):
        form = {"amount": "1.000,50", "paid_on": "2026-12-05", "reference": "Giro"}
        response = admin_client.post(url, form)
    assert response.status_code == 302
    (payment,) = Payment.objects.all()
    assert (payment.amount, payment.paid_on, payment.source) == (Decimal("1000.50"), PAID_ON, "manual")
    assert payment.recorded_by.username == "admin"
    assert amount_owed(invoice) == Decimal("2694.50")


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("tusind", "Skriv beløbet som et tal"),
        ("1500.00", "Skriv beløbet som et tal"),
        ("5.000,00", "Beløbet er mere end de 3.695,00 kr."),
        ("0", "Beløbet skal være mere end nul"),
    ],
)
def test_a_wrong_amount_gives_a_danish_error_and_stores_nothing(admin_client, invoice, amount, error):
    url = reverse("invoices:register_payment", args=[invoice.pk])
    with time_machine.travel(local(2026, 12, 6, 12), tick=False):
        response = admin_client.post(url, {"amount": amount, "paid_on": "2026-12-05"})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Payment.objects.exists()


def test_registering_payments_needs_its_own_permission(client, django_user_model, invoice):
    staff = django_user_model.objects.create_user("kasserer", password="x")  # noqa: S106
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_invoice"]))
    client.force_login(staff)
    url = reverse("invoices:register_payment", args=[invoice.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"amount": "10,00", "paid_on": "2026-12-05"}).status_code in (302, 403)
    assert "Registrer betaling" not in client.get(reverse("invoices:index")).content.decode()
    staff.user_permissions.add(Permission.objects.get(codename="add_payment"))
    client.force_login(django_user_model.objects.get(pk=staff.pk))
    assert client.get(url).status_code == 200
    assert not Payment.objects.exists()


def test_the_invoice_list_leads_to_the_payment_pages(admin_client, invoice):
    page = admin_client.get(reverse("invoices:index")).content.decode()
    for url_name in ("invoices:bank_statement", "invoices:bookkeeping_export"):
        assert reverse(url_name) in page
        assert admin_client.get(reverse(url_name)).status_code == 200
    assert reverse("invoices:register_payment", args=[invoice.pk]) in page
