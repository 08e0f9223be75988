"""The e-invoice outbox: a public payer's invoice or credit note gets its UBL message in the issuing
transaction, the configured sender hands it on after the commit (the shipped one writes the file
into a folder, whole or not at all), a failure is recorded and can be sent again, and staff see
it all under Billing → E-invoices."""

import os

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse

from billing.einvoice import ubl_document
from billing.models import EInvoiceMessage, EInvoiceStatus, Invoice, InvoiceKind
from billing.senders import EInvoiceSender, FolderSender, OutgoingEInvoice
from billing.services import outbox
from billing.services.orders import place_order
from events.services import cancel_registration
from events.services.audit import PARTICIPANT
from tests.billing.factories import VALID_EAN, colleague, paid_event, payer, seller_settings
from tests.events.factories import local

pytestmark = pytest.mark.django_db


class RecordingSender(EInvoiceSender):
    """A provider's API as a test sees it: it keeps what it was given and answers with an id."""

    sent: list[OutgoingEInvoice] = []

    def send(self, einvoice):
        RecordingSender.sent.append(einvoice)
        return f"provider-{einvoice.number}"


@pytest.fixture(autouse=True)
def seller():
    seller_settings()


@pytest.fixture
def folder(settings, tmp_path):
    settings.EINVOICE_OUTBOX_DIR = tmp_path / "outbox"
    return settings.EINVOICE_OUTBOX_DIR


def message_of(invoice) -> EInvoiceMessage:
    """Read from the database: the invoice's cached message is the one made, before the sending."""
    return EInvoiceMessage.objects.get(invoice=invoice)


def place(kind="public", nights=()):
    with time_machine.travel(local(2026, 12, 1, 10), tick=False):
        event = paid_event()
        return place_order(event, payer(kind), [colleague(event, 1, nights=nights)])


def test_an_ean_invoice_is_written_into_the_folder_after_the_commit(
    folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invoice = place().invoice
        message = EInvoiceMessage.objects.get(invoice=invoice)
        assert message.status == EInvoiceStatus.MADE
        assert message.document.encode() == ubl_document(invoice)
    assert not folder.exists(), "nothing is sent before the commit"
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == EInvoiceStatus.SENT and message.sent_at is not None
    assert (message.attempts, message.sender_reference) == (1, f"invoice-{invoice.number}.xml")
    assert message.sender == "billing.senders.FolderSender"
    assert [path.name for path in folder.iterdir()] == [f"invoice-{invoice.number}.xml"]
    assert (folder / f"invoice-{invoice.number}.xml").read_bytes() == ubl_document(invoice)


def test_a_credit_note_goes_out_too(folder, django_capture_on_commit_callbacks):
    placed = place(nights=[local(2027, 1, 14).date()])
    with (
        time_machine.travel(local(2026, 12, 10, 12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        cancel_registration(placed.confirmed[0], by=PARTICIPANT)
    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE)
    assert message_of(note).status == EInvoiceStatus.SENT
    assert (folder / f"credit-note-{note.number}.xml").read_bytes() == ubl_document(note)


@pytest.mark.parametrize("kind", ["company", "private"])
def test_other_payers_get_no_e_invoice(kind, folder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = place(kind).invoice
    assert invoice is not None and not EInvoiceMessage.objects.exists()
    assert not folder.exists()


def test_a_rolled_back_invoice_leaves_no_message(folder, django_capture_on_commit_callbacks):
    class Abandoned(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned), transaction.atomic():
        place()
        raise Abandoned
    assert not EInvoiceMessage.objects.exists() and not folder.exists()


def test_a_failure_is_recorded_and_the_message_can_be_sent_again(folder, django_capture_on_commit_callbacks):
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("a file where the folder should be")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = place().invoice
    message = EInvoiceMessage.objects.get(invoice=invoice)
    assert message.status == EInvoiceStatus.FAILED and message.failed_at is not None
    assert message.last_error.startswith("FileExistsError") and message.attempts == 1
    folder.unlink()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.send_again(message)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (EInvoiceStatus.SENT, 2, "")
    assert (folder / f"invoice-{invoice.number}.xml").exists()


def test_a_sent_message_is_never_sent_twice(folder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = place().invoice
    message = message_of(invoice)
    (folder / f"invoice-{invoice.number}.xml").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        assert not outbox.send_again(message)
    outbox.send(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (EInvoiceStatus.SENT, 1)
    assert not any(folder.iterdir())
    assert outbox.mark_accepted(message)
    message.refresh_from_db()
    assert message.status == EInvoiceStatus.ACCEPTED and message.accepted_at is not None


def test_the_sender_is_chosen_by_the_setting(settings, django_capture_on_commit_callbacks):
    settings.EINVOICE_SENDER = "tests.billing.test_einvoice_outbox.RecordingSender"
    RecordingSender.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invoice = place().invoice
    (sent,) = RecordingSender.sent
    assert (sent.number, sent.kind, sent.receiver_scheme, sent.receiver_id) == (
        invoice.number,
        "invoice",
        "0088",
        VALID_EAN,
    )
    assert sent.document == ubl_document(invoice)
    assert message_of(invoice).sender_reference == f"provider-{invoice.number}"


def test_the_folder_never_holds_half_a_document(tmp_path, monkeypatch):
    """A write that fails midway (a full disk) leaves neither the file nor its temporary part."""
    einvoice = OutgoingEInvoice(1, "invoice", "invoice-1.xml", "0088", VALID_EAN, b"<Invoice/>")

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        FolderSender(tmp_path).send(einvoice)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert FolderSender(tmp_path).send(einvoice) == "invoice-1.xml"
    assert [path.name for path in tmp_path.iterdir()] == ["invoice-1.xml"]
    assert (tmp_path / "invoice-1.xml").read_bytes() == b"<Invoice/>"


# Staff ---------------------------------------------------------------------------------------------


def rows(response) -> list[str]:
    soup = BeautifulSoup(response.content, "lxml")
    return [row.get_text(" ", strip=True) for row in soup.select("table.listing tbody tr")]


@pytest.fixture
def failed_and_sent(folder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = message_of(place().invoice)
    folder.rename(folder.with_name("moved"))
    folder.write_text("not a folder")
    with django_capture_on_commit_callbacks(execute=True):
        failed = message_of(place().invoice)
    folder.unlink()
    return failed, sent


def test_staff_see_the_outbox_filtered_by_status(admin_client, failed_and_sent):
    failed, sent = failed_and_sent
    url = reverse("einvoices:index")
    assert len(rows(admin_client.get(url))) == 2
    (row,) = rows(admin_client.get(url, {"status": "failed"}))
    assert str(failed.invoice.number) in row and "FileExistsError" in row
    (row,) = rows(admin_client.get(url, {"status": "sent"}))
    assert str(sent.invoice.number) in row


def test_staff_download_the_xml(admin_client, failed_and_sent):
    failed, _sent = failed_and_sent
    response = admin_client.get(reverse("einvoices:xml", args=[failed.pk]))
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert f'filename="invoice-{failed.invoice.number}.xml"' in response["Content-Disposition"]
    assert response.content == ubl_document(failed.invoice)


def test_staff_send_a_failed_one_again(
    admin_client, failed_and_sent, folder, django_capture_on_commit_callbacks
):
    failed, sent = failed_and_sent
    url = reverse("einvoices:send_again", args=[failed.pk])
    assert "FileExistsError" in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == EInvoiceStatus.SENT
    assert (folder / f"invoice-{failed.invoice.number}.xml").exists()
    assert admin_client.get(reverse("einvoices:send_again", args=[sent.pk])).status_code == 404


def test_seeing_the_outbox_does_not_allow_sending_again(
    client, django_user_model, failed_and_sent, django_capture_on_commit_callbacks
):
    failed, _sent = failed_and_sent
    user = django_user_model.objects.create_user("kasper", password="x")
    group = Group.objects.create(name="Accountants")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_einvoicemessage"),
    )
    user.groups.add(group)
    client.force_login(user)
    assert client.get(reverse("einvoices:index")).status_code == 200
    assert client.get(reverse("einvoices:xml", args=[failed.pk])).status_code == 200
    url = reverse("einvoices:send_again", args=[failed.pk])
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert client.get(url).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    failed.refresh_from_db()
    assert failed.status == EInvoiceStatus.FAILED and failed.attempts == 1
    group.permissions.add(Permission.objects.get(codename="resend_einvoicemessage"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(url).status_code == 200


def test_an_e_invoice_is_inspected_with_its_error_and_offers_its_buttons(admin_client, failed_and_sent):
    failed, sent = failed_and_sent
    page = admin_client.get(reverse("einvoices:inspect", args=[failed.pk])).content.decode()
    assert "FileExistsError" in page and "billing.senders.FolderSender" in page
    listing = admin_client.get(reverse("einvoices:index")).content.decode()
    assert reverse("einvoices:xml", args=[sent.pk]) in listing
    assert reverse("einvoices:send_again", args=[failed.pk]) in listing
    assert reverse("einvoices:send_again", args=[sent.pk]) not in listing
    assert admin_client.get(reverse("einvoices:edit", args=[failed.pk])).status_code in (302, 403)
