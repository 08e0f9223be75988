"""Reminders for overdue invoices, sent by the scheduled job (`manage.py run_event_jobs`, which
runs the jobs other apps register; billing/wagtail_hooks.py).

An overdue invoice is reminded at the earliest FIRST_REMINDER_DAYS_AFTER_DUE days after its due
date (a transfer made on the due day has time to reach the bank statement), again at most every
REMINDER_INTERVAL_DAYS days while it stays unpaid, and at most MAX_REMINDERS times; after that
staff follow it up themselves. Each reminder sent is a PaymentReminder row, written in the same
transaction that claims the invoice, so two runs at once send one reminder, not two.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from billing.models import Invoice, PaymentReminder
from billing.services.payments import PaymentStatus, amount_owed, with_payment_status

FIRST_REMINDER_DAYS_AFTER_DUE = 3
REMINDER_INTERVAL_DAYS = 14
MAX_REMINDERS = 3
INTERVAL = dt.timedelta(days=REMINDER_INTERVAL_DAYS)


def invoices_to_remind(now: dt.datetime):
    """Overdue invoices whose booker can be written to and whose next reminder is due."""
    today = timezone.localdate(now)
    overdue = with_payment_status(Invoice.objects.all(), PaymentStatus.OVERDUE, today)
    return (
        overdue.filter(due_date__lte=today - dt.timedelta(days=FIRST_REMINDER_DAYS_AFTER_DUE))
        .exclude(order__booker_email="")
        .annotate(reminders_sent=Count("reminders"), last_reminded=Max("reminders__sent_at"))
        .filter(reminders_sent__lt=MAX_REMINDERS)
        .filter(Q(last_reminded__isnull=True) | Q(last_reminded__lte=now - INTERVAL))
        .order_by("number")
    )


def send_payment_reminders(now: dt.datetime | None = None) -> int:
    """Remind the bookers of overdue invoices (each at most once per run); how many were reminded."""
    from billing.tasks import send_payment_reminder

    now = now or timezone.now()
    sent = 0
    for invoice in invoices_to_remind(now).values_list("pk", flat=True):
        with transaction.atomic():
            # Locked, then asked again: another run may have reminded it, or a payment come in.
            locked = Invoice.objects.select_for_update().get(pk=invoice)
            if not invoices_to_remind(now).filter(pk=invoice).exists():
                continue
            reminder = PaymentReminder.objects.create(
                invoice=locked, sent_at=now, amount_owed=amount_owed(locked)
            )
            transaction.on_commit(lambda pk=reminder.pk: send_payment_reminder.enqueue(pk))
            sent += 1
    return sent
