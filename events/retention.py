"""Personal data rules for registrations: reminders, retention, and export or erasure on request
(registered for core/personal_data.py in events/wagtail_hooks.py).

Retention (documented in docs/privacy.md) follows the field groups of models/registration.py:
dietary and accessibility notes go 30 days after the event (they can be health data); the person
and their consent 12 months after; invoice details are kept 5 years because Danish bookkeeping law
requires it, then cleared too. A field is erased at its group's step, whatever its name.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from core.personal_data import ANONYMOUS_NAME
from events.models import Registration, RegistrationStatus
from events.models.registration import REGISTRATION_FIELD_GROUPS, Retention
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


def erased_fields(step: Retention) -> list[str]:
    """The fields erased at a retention step: those of its groups and of every earlier step's."""
    return [
        name
        for group in REGISTRATION_FIELD_GROUPS
        if group.erased_at is not None and group.erased_at <= step
        for name in group.fields
        if name not in group.kept
    ]


def erased_value(name: str):
    """What an erased field holds afterwards: the anonymous name, or empty."""
    if name == "name":
        return ANONYMOUS_NAME
    field = Registration._meta.get_field(name)
    if field.null:
        return None
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.CharField | models.TextField) and field.blank:
        return ""
    raise ValueError(f"Registration.{name} has no erased value: keep it in its group or make it blank.")


def anonymise(registrations, now, step: Retention) -> int:
    """Erase the fields of `step` (and earlier steps) from each registration."""
    fields = {name: erased_value(name) for name in erased_fields(step) if name != "email"}
    count = 0
    for registration in registrations:
        # The address must stay unique per row; it no longer says who the person was.
        Registration.objects.filter(pk=registration.pk).update(
            email=f"anonymised-{registration.reference.hex}@invalid", anonymised_at=now, **fields
        )
        count += 1
    return count


def holding_any(names) -> Q:
    """Registrations where any of these fields still holds something."""
    condition = Q()
    for name in names:
        condition |= ~Q(**{name: erased_value(name)})
    return condition


def apply_retention(now=None) -> dict[str, int]:
    now = now or timezone.now()
    notes_before = now - dt.timedelta(days=retention_setting("notes_days_after_event", 30))
    people_before = now - dt.timedelta(days=30 * retention_setting("people_months_after_event", 12))
    invoices_before = now - dt.timedelta(days=365 * retention_setting("invoice_years_after_event", 5))
    notes_fields = erased_fields(Retention.NOTES)
    invoice_only = [
        name for name in erased_fields(Retention.INVOICE) if name not in erased_fields(Retention.PEOPLE)
    ]
    with transaction.atomic():
        notes = (
            Registration.objects.filter(event__end__lt=notes_before)
            .filter(holding_any(notes_fields))
            .update(**{name: erased_value(name) for name in notes_fields})
        )
        people = anonymise(
            Registration.objects.filter(event__end__lt=people_before, anonymised_at__isnull=True),
            now,
            Retention.PEOPLE,
        )
        invoices = anonymise(
            Registration.objects.filter(event__end__lt=invoices_before).filter(holding_any(invoice_only)),
            now,
            Retention.INVOICE,
        )
    return {"notes": notes, "people": people, "invoices": invoices}


def exported_value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def export_registrations(email: str) -> list[dict]:
    """Every registration made with one e-mail address, for a person's request to see their data:
    every field of every group, and the nights booked."""
    registrations = (
        Registration.objects.filter(email__iexact=email)
        .select_related("event")
        .prefetch_related("booked_nights")
    )
    exported = []
    for registration in registrations:
        row = {}
        for group in REGISTRATION_FIELD_GROUPS:
            for name in group.fields:
                row[name] = exported_value(getattr(registration, name))
        row["event"] = registration.event.title
        row["event_start"] = registration.event.start.isoformat()
        row["nights"] = [night.isoformat() for night in registration.nights]
        exported.append(row)
    return exported


def erase_registrations(email: str, now=None) -> int:
    """Erase what identifies the person; invoice details stay while bookkeeping law needs them."""
    return anonymise(
        Registration.objects.filter(email__iexact=email), now or timezone.now(), Retention.PEOPLE
    )
