"""The booker's e-mail about an order, in the booker's language: who has a seat, who is waiting,
the invoice when one was issued, and the signed link to the order's page; the reminder when an
invoice is overdue."""

from django.utils.translation import gettext_lazy as _

from billing.documents import invoice_filename, invoice_pdf
from billing.links import order_url
from billing.models import Invoice, InvoiceKind, Order, PaymentReminder
from billing.services.invoicing import event_title_in
from core.emails import render_email
from events.models import RegistrationStatus

SUBJECT = _("Your order %(number)s: %(event)s")


def participants_by_status(order: Order) -> dict[str, list]:
    participants = order.participants.select_related("registration")
    registrations = [participant.registration for participant in participants]
    return {
        "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
        "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
    }


def send_order_email(order: Order, invoice: Invoice | None) -> None:
    send_to_booker(order, "billing/email/order", SUBJECT, [invoice] if invoice else [], {"invoice": invoice})


def send_to_booker(order: Order, template: str, subject, documents: list[Invoice], context: dict) -> None:
    """An e-mail about the order to its booker, in the order's language, with who has a seat and
    who waits, the link to the order's page and the documents as PDFs."""
    title = event_title_in(order, order.language)
    message = render_email(
        template,
        {
            "order": order,
            "event_title": title,
            "order_url": order_url(order),
            **participants_by_status(order),
            **context,
        },
        language=order.language,
        to=order.booker_email,
        subject=subject,
        subject_params={"number": order.number, "event": title},
    )
    for document in documents:
        message.attach(invoice_filename(document), invoice_pdf(document), "application/pdf")
    message.send()


CHANGE_SUBJECT = _("Your order %(number)s has been changed: %(event)s")


def send_order_change_email(order: Order, documents: list[Invoice]) -> None:
    """The booker's e-mail after staff changed the order: who has a seat now, and the credit notes and
    new invoice the change needed, attached."""
    send_to_booker(order, "billing/email/order_changed", CHANGE_SUBJECT, documents, {"documents": documents})


DOCUMENT_SUBJECTS = {
    InvoiceKind.INVOICE: _("Invoice %(number)s: %(event)s"),
    InvoiceKind.CREDIT_NOTE: _("Credit note %(number)s: %(event)s"),
}


def send_document_email(invoice: Invoice) -> None:
    """One invoice or credit note sent again to the booker, in the document's language, as a PDF."""
    message = render_email(
        "billing/email/document",
        {"invoice": invoice, "order": invoice.order},
        language=invoice.language,
        to=invoice.order.booker_email,
        subject=DOCUMENT_SUBJECTS[invoice.kind],
        subject_params={"number": invoice.number, "event": invoice.event_title},
    )
    message.attach(invoice_filename(invoice), invoice_pdf(invoice), "application/pdf")
    message.send()


REMINDER_SUBJECT = _("Reminder: invoice %(number)s is overdue")


def send_payment_reminder(reminder: PaymentReminder) -> None:
    """The reminder for an overdue invoice, in the invoice's language, with the invoice attached."""
    invoice = reminder.invoice
    message = render_email(
        "billing/email/payment_reminder",
        {"invoice": invoice, "order": invoice.order, "amount_owed": reminder.amount_owed},
        language=invoice.language,
        to=invoice.order.booker_email,
        subject=REMINDER_SUBJECT,
        subject_params={"number": invoice.number},
    )
    message.attach(invoice_filename(invoice), invoice_pdf(invoice), "application/pdf")
    message.send()
