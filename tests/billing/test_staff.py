"""The staff's order list with its filters, each order and invoice inspected, and an invoice's PDF,
read-only in the admin."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Permission
from django.urls import reverse

from billing.models import PaymentSource
from billing.services.orders import place_order
from billing.services.payments import record_payment
from tests.billing.factories import colleague, first_cell, paid_event, payer, seller_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    """Three orders: a public institution's and a company's on one event, a private person's on a full one."""
    seller_settings()
    event, full = paid_event(), paid_event(capacity=0)
    return {
        "public": place_order(event, payer("public"), [colleague(event, 1)]),
        "company": place_order(
            event, payer("company", booker_email="b@firma.example"), [colleague(event, 2)]
        ),
        "waiting": place_order(full, payer("private", booker_email="c@privat.example"), [colleague(full, 3)]),
    }


def listed(response) -> list[str]:
    soup = BeautifulSoup(response.content, "lxml")
    return [first_cell(row) for row in soup.select("table.listing tbody tr")]


def numbers(*placed) -> list[str]:
    return sorted(p.order.number for p in placed)


def test_the_order_list_filters_by_event_status_and_payer(admin_client, orders):
    url = reverse("orders:index")
    assert sorted(listed(admin_client.get(url))) == numbers(*orders.values())
    event = orders["public"].order.event
    assert sorted(listed(admin_client.get(url, {"event": event.pk}))) == numbers(
        orders["public"], orders["company"]
    )
    assert listed(admin_client.get(url, {"status": "waiting"})) == numbers(orders["waiting"])
    assert listed(admin_client.get(url, {"payer_type": "company"})) == numbers(orders["company"])
    assert listed(admin_client.get(url, {"q": "firma.example"})) == numbers(orders["company"])


def test_the_order_list_filters_by_payment(admin_client, orders):
    company_invoice = orders["company"].invoice
    record_payment(company_invoice, company_invoice.total, company_invoice.issue_date, PaymentSource.BANK)
    url = reverse("orders:index")
    assert listed(admin_client.get(url, {"payment": "paid"})) == numbers(orders["company"])
    assert listed(admin_client.get(url, {"payment": "unpaid"})) == numbers(orders["public"])
    assert listed(admin_client.get(url, {"payment": "overdue"})) == []


def test_an_order_is_inspected_not_edited(admin_client, orders):
    order = orders["public"].order
    page = admin_client.get(reverse("orders:inspect", args=[order.pk])).content.decode()
    assert "Middelfart Kommune, Børn og Unge" in page and "5798000000001" in page
    assert admin_client.get(reverse("orders:edit", args=[order.pk])).status_code in (302, 403)
    assert admin_client.get(reverse("orders:delete", args=[order.pk])).status_code in (302, 403)


def test_the_invoice_list_and_its_pdf(admin_client, orders):
    invoice = orders["public"].invoice
    response = admin_client.get(reverse("invoices:index"), {"kind": "invoice"})
    assert str(invoice.number) in listed(response)
    assert "1.500,00 kr." in response.content.decode()
    assert reverse("invoices:pdf", args=[invoice.pk]) in response.content.decode(), "the PDF button"
    pdf = admin_client.get(reverse("invoices:pdf", args=[invoice.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert f"faktura-{invoice.number}.pdf" in pdf["Content-Disposition"]
    assert admin_client.get(reverse("invoices:edit", args=[invoice.pk])).status_code in (302, 403)


def test_staff_need_the_view_permission(client, django_user_model, orders):
    staff = django_user_model.objects.create_user("staff", password="x")  # noqa: S106
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    invoice = orders["public"].invoice
    assert client.get(reverse("orders:index")).status_code in (302, 403)
    assert client.get(reverse("invoices:pdf", args=[invoice.pk])).status_code in (302, 403)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_order", "view_invoice"]))
    client.force_login(django_user_model.objects.get(pk=staff.pk))
    assert client.get(reverse("orders:index")).status_code == 200
    assert client.get(reverse("invoices:pdf", args=[invoice.pk])).status_code == 200


def test_groups_can_be_given_what_staff_need_and_no_more():
    from billing.staff import InvoiceViewSet, OrderViewSet

    offered = {permission.codename for permission in OrderViewSet().get_permissions_to_register()}
    # Add lets a group book by phone, change lets it change orders and send their e-mails again,
    # delete lets it answer personal-data requests; the admin itself edits or deletes no order record.
    assert offered == {"view_order", "add_order", "change_order", "delete_order"}
    # "Add payment" lets a group register payments and import bank statements.
    assert {permission.codename for permission in InvoiceViewSet().get_permissions_to_register()} == {
        "view_invoice",
        "add_payment",
    }
