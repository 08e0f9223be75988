"""Background tasks of the billing app: the booker's e-mails about orders and overdue invoices, and
the e-invoices."""

from django_tasks import task

from django.utils.translation import gettext_lazy as _

from core.tasks import email_task


def booker_address(order_id: int, invoice_id: int | None = None) -> str | None:
    from billing.models import Order

    return Order.objects.filter(pk=order_id).values_list("booker_email", flat=True).first()


@email_task(label=_("Order e-mail"), recipient=booker_address, recipient_permission="billing.view_order")
def send_order_email(order_id: int, invoice_id: int | None = None) -> None:
    from billing.emails import send_order_email as send
    from billing.models import Invoice, Order

    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        send(order, Invoice.objects.filter(pk=invoice_id).first() if invoice_id else None)


@email_task(
    label=_("Order change e-mail"), recipient=booker_address, recipient_permission="billing.view_order"
)
def send_order_change_email(order_id: int, document_ids: list[int]) -> None:
    from billing.emails import send_order_change_email as send
    from billing.models import Invoice, Order

    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        send(order, list(Invoice.objects.filter(pk__in=document_ids).order_by("number")))


def document_booker_address(invoice_id: int) -> str | None:
    from billing.models import Invoice

    return Invoice.objects.filter(pk=invoice_id).values_list("order__booker_email", flat=True).first()


@email_task(
    label=_("Invoice or credit note e-mail"),
    recipient=document_booker_address,
    recipient_permission="billing.view_order",
)
def send_document_email(invoice_id: int) -> None:
    from billing.emails import send_document_email as send
    from billing.models import Invoice

    invoice = Invoice.objects.select_related("order").filter(pk=invoice_id).first()
    if invoice is not None:
        send(invoice)


def reminded_address(reminder_id: int) -> str | None:
    from billing.models import PaymentReminder

    return (
        PaymentReminder.objects.filter(pk=reminder_id)
        .values_list("invoice__order__booker_email", flat=True)
        .first()
    )


@email_task(
    label=_("Payment reminder"), recipient=reminded_address, recipient_permission="billing.view_order"
)
def send_payment_reminder(reminder_id: int) -> None:
    from billing.emails import send_payment_reminder as send
    from billing.models import PaymentReminder

    reminder = PaymentReminder.objects.select_related("invoice__order").filter(pk=reminder_id).first()
    if reminder is not None:
        send(reminder)


@task()
def send_einvoice(message_id: int) -> None:
    """Hand one e-invoice to the configured sender (billing/services/outbox.py)."""
    from billing.services.outbox import send

    send(message_id)
