"""The order's page in the admin: its participants and documents, and the pages that substitute a
colleague and change nights, for staff with the order's "change" permission only."""

import datetime as dt

import pytest
import time_machine

from django.contrib.auth.models import Permission
from django.urls import reverse

from billing.models import Invoice, InvoiceKind
from billing.services.orders import place_order
from events.models import Registration, RegistrationStatus
from tests.billing.factories import colleague, paid_event, payer, seller_settings
from tests.events.factories import local

pytestmark = pytest.mark.django_db

NIGHT = dt.date(2027, 1, 14)


@pytest.fixture
def placed():
    seller_settings()
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event(rooms_per_night=1)
        return place_order(
            event, payer("company"), [colleague(event, 1, nights=[NIGHT]), colleague(event, 2)]
        )


def urls(placed, number):
    args = [placed.order.pk, placed.confirmed[number].pk]
    return reverse("orders:substitute", args=args), reverse("orders:change_nights", args=args)


def test_the_order_page_lists_participants_documents_and_the_changes(admin_client, placed):
    page = admin_client.get(reverse("orders:inspect", args=[placed.order.pk])).content.decode()
    assert "Kollega 1" in page and "kollega2@kommune.example" in page
    assert reverse("invoices:pdf", args=[placed.invoice.pk]) in page
    substitute, nights = urls(placed, 1)
    assert substitute in page and nights in page


def test_staff_substitute_a_colleague_from_the_admin(admin_client, placed):
    substitute, _nights = urls(placed, 1)
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        assert admin_client.get(substitute).status_code == 200
        response = admin_client.post(substitute, {"name": "Søren Ærø", "email": "soren@kommune.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:inspect", args=[placed.order.pk])
    assert Registration.objects.get(email="soren@kommune.example").status == RegistrationStatus.CONFIRMED
    assert list(Invoice.objects.order_by("number").values_list("kind", flat=True)) == [
        InvoiceKind.INVOICE,
        InvoiceKind.CREDIT_NOTE,
        InvoiceKind.INVOICE,
    ]


def test_a_refused_change_says_why_in_danish_and_changes_nothing(admin_client, placed):
    substitute, nights = urls(placed, 1)
    response = admin_client.post(substitute, {"name": "Kollega 1", "email": "kollega1@kommune.example"})
    assert response.status_code == 200
    assert "allerede tilmeldt" in response.content.decode()
    response = admin_client.post(substitute, {"name": "<b>Søren</b>", "email": "ikke en adresse"})
    assert response.status_code == 200
    assert "Skriv almindelig tekst uden" in response.content.decode()
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        response = admin_client.post(nights, {"nights": [NIGHT.isoformat()]})
    assert response.status_code == 200
    assert "Der er ikke flere værelser natten til" in response.content.decode()
    response = admin_client.post(nights, {"nights": ["2027-13-45"]})
    assert response.status_code == 200
    assert Invoice.objects.count() == 1


def test_staff_change_nights_from_the_admin(admin_client, placed):
    _substitute, nights = urls(placed, 0)
    with time_machine.travel(local(2026, 12, 10, 12), tick=False):
        response = admin_client.post(nights, {"nights": [dt.date(2027, 1, 13).isoformat()]})
    assert response.status_code == 302
    assert Registration.objects.get(pk=placed.confirmed[0].pk).nights == [dt.date(2027, 1, 13)]
    assert list(Invoice.objects.order_by("number").values_list("kind", "total")) == [
        (InvoiceKind.INVOICE, placed.invoice.total),
        (InvoiceKind.CREDIT_NOTE, placed.invoice.total - 3000),
        (InvoiceKind.INVOICE, placed.invoice.total - 3000),
    ]


def test_changing_orders_needs_the_change_permission(client, django_user_model, placed):
    staff = django_user_model.objects.create_user("kontor", password="x")  # noqa: S106
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_order"]))
    client.force_login(staff)
    substitute, nights = urls(placed, 1)
    page = client.get(reverse("orders:inspect", args=[placed.order.pk])).content.decode()
    assert substitute not in page and nights not in page
    assert client.get(substitute).status_code in (302, 403)
    assert client.post(nights, {"nights": [NIGHT.isoformat()]}).status_code in (302, 403)
    staff.user_permissions.add(Permission.objects.get(codename="change_order"))
    client.force_login(django_user_model.objects.get(pk=staff.pk))
    assert client.get(substitute).status_code == 200
    assert Invoice.objects.count() == 1
