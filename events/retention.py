"""Personal data rules for registrations: reminders, retention, and export or erasure on request
(registered for core/personal_data.py in events/wagtail_hooks.py).

Retention (documented in docs/privacy.md): dietary and accessibility notes go 30 days after the
event (they can be health data); name and contact details 12 months after; invoice details are
kept 5 years because Danish bookkeeping law requires it, then cleared too.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.personal_data import ANONYMOUS_NAME
from events.models import Registration, RegistrationStatus
from events.notifications import notify


def retention_setting(name: str, default: int) -> int:
    return int(getattr(settings, "REGISTRATION_RETENTION", {}).get(name, default))


def send_reminders(now=None) -> int:
    """E-mail confirmed participants whose event starts within the reminder period, once each."""
    now = now or timezone.now()
    days = retention_setting("reminder_days_before", 2)
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__start__gt=now,
        event__start__lte=now + dt.timedelta(days=days),
    )
    count = 0
    for registration in due:
        with transaction.atomic():
            # The conditional update makes two workers running at once send one reminder, not two.
            claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                notify(registration, "reminder")
                count += 1
    return count


def anonymise(registrations, now, keep_invoice: bool) -> int:
    fields = {
        "name": ANONYMOUS_NAME,
        "phone": "",
        "workplace": "",
        "profession": "",
        "dietary_needs": "",
        "accessibility_needs": "",
        "shares_with_participants": False,
        "anonymised_at": now,
    }
    if not keep_invoice:
        fields.update(
            organisation_name="", cvr="", ean="", order_number="", person_reference="", billing_address=""
        )
    count = 0
    for registration in registrations:
        # The address must stay unique per row; it no longer says who the person was.
        Registration.objects.filter(pk=registration.pk).update(
            email=f"anonymised-{registration.reference.hex}@invalid", **fields
        )
        count += 1
    return count


def apply_retention(now=None) -> dict[str, int]:
    now = now or timezone.now()
    notes_before = now - dt.timedelta(days=retention_setting("notes_days_after_event", 30))
    people_before = now - dt.timedelta(days=30 * retention_setting("people_months_after_event", 12))
    invoices_before = now - dt.timedelta(days=365 * retention_setting("invoice_years_after_event", 5))
    with transaction.atomic():
        notes = (
            Registration.objects.filter(event__end__lt=notes_before)
            .exclude(dietary_needs="", accessibility_needs="")
            .update(dietary_needs="", accessibility_needs="")
        )
        people = anonymise(
            Registration.objects.filter(event__end__lt=people_before, anonymised_at__isnull=True), now, True
        )
        invoices = anonymise(
            Registration.objects.filter(event__end__lt=invoices_before).filter(
                ~Q(organisation_name="")
                | ~Q(cvr="")
                | ~Q(ean="")
                | ~Q(billing_address="")
                | ~Q(person_reference="")
            ),
            now,
            False,
        )
    return {"notes": notes, "people": people, "invoices": invoices}


def export_registrations(email: str) -> list[dict]:
    """Every registration made with one e-mail address, for a person's request to see their data."""
    registrations = Registration.objects.filter(email__iexact=email).select_related("event")
    return [
        {
            "event": registration.event.title,
            "event_start": registration.event.start.isoformat(),
            "status": registration.status,
            "registered": registration.created_at.isoformat(),
            **{
                field: str(getattr(registration, field))
                for field in (
                    "name",
                    "email",
                    "phone",
                    "workplace",
                    "profession",
                    "language",
                    "price_label",
                    "price_amount",
                    "payer_type",
                    "organisation_name",
                    "cvr",
                    "ean",
                    "order_number",
                    "person_reference",
                    "billing_address",
                    "dietary_needs",
                    "accessibility_needs",
                )
            },
            "nights": [night.isoformat() for night in registration.nights],
            "shown_to_other_participants": registration.shares_with_participants,
            "agreed_to_be_shown": (
                registration.shares_with_participants_at.isoformat()
                if registration.shares_with_participants_at
                else None
            ),
        }
        for registration in registrations
    ]


def erase_registrations(email: str, now=None) -> int:
    """Erase what identifies the person; invoice details stay while bookkeeping law needs them."""
    return anonymise(
        Registration.objects.filter(email__iexact=email), now or timezone.now(), keep_invoice=True
    )
