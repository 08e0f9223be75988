"""Issuing invoices and credit notes for an order's confirmed places.

Prices are entered including any VAT, and the visitor is shown that price, so a document charges
exactly the sum of those prices. For each VAT rate the VAT is worked out once from the rate's gross
sum (gross × rate / (100 + rate), rounded to øre), and each line's amount without VAT is its gross
amount less its share of that VAT, the last line of the rate taking the rounding remainder; so the
lines' net amounts add up to the rate's taxable amount, and taxable amount plus VAT is the gross sum.

A public payer's document (EAN) also gets its UBL e-invoice in the outbox, in the same transaction.

Only confirmed places are invoiced: people on the waiting list are invoiced when they take a seat
(billing/signals.py), and a place is never invoiced twice.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.transaction import TransactionManagementError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Locale, Site

from billing.einvoice import is_einvoice
from billing.models import BillingSettings, Invoice, InvoiceKind, InvoiceLine, InvoiceVat, Order
from billing.services import numbering, outbox
from core.money import to_cents
from events.models import Registration, RegistrationStatus
from events.services.registrations import cancellation_deadline
from events.vocabulary import VatRate
from home.models import SiteIdentity

ZERO = Decimal("0.00")
# The share of a line credited in full.
FULL = Decimal("1")


@dataclass
class Charge:
    """One line to be invoiced, before the VAT is split off."""

    description: str
    gross_amount: Decimal
    vat_rate: Decimal
    vat_exempt_reason: str = ""
    registration: Registration | None = None
    is_accommodation: bool = False
    night: dt.date | None = None


@dataclass
class VatGroup:
    rate: Decimal
    exempt_reason: str
    taxable_amount: Decimal
    vat_amount: Decimal


def rate_of(vat: str) -> Decimal:
    return Decimal("25.00") if vat == VatRate.STANDARD else ZERO


def split_vat(charges: list[Charge]) -> tuple[list[Decimal], list[VatGroup]]:
    """Each charge's amount without VAT, and the VAT per rate (and per exemption reason, so the
    document names each reason), as the module's docstring describes."""
    groups: dict[tuple[Decimal, str], list[int]] = defaultdict(list)
    for index, charge in enumerate(charges):
        reason = "" if charge.vat_rate else charge.vat_exempt_reason
        groups[(charge.vat_rate, reason)].append(index)
    nets = [ZERO] * len(charges)
    breakdown = []
    for (rate, reason), indexes in groups.items():
        gross = sum((charges[i].gross_amount for i in indexes), ZERO)
        vat = to_cents(gross * rate / (100 + rate))
        remaining_vat = vat
        for position, i in enumerate(indexes):
            is_last = position == len(indexes) - 1
            line_vat = remaining_vat if is_last else to_cents(charges[i].gross_amount * rate / (100 + rate))
            remaining_vat -= line_vat
            nets[i] = charges[i].gross_amount - line_vat
        breakdown.append(VatGroup(rate, reason, gross - vat, vat))
    breakdown.sort(key=lambda group: (-group.rate, group.exempt_reason))
    return nets, breakdown


def event_title_in(order: Order, language: str) -> str:
    event = order.event.specific
    locale = Locale.objects.filter(language_code=language).first()
    translated = event.get_translation_or_none(locale) if locale else None
    return (translated or event).title


def seat_charge(registration: Registration) -> Charge:
    """The line for a participant's seat, in the active language."""
    return Charge(
        _("Participation: %(name)s (%(price)s)")
        % {"name": registration.name, "price": registration.price_label},
        to_cents(registration.price_amount),
        rate_of(registration.vat_rate),
        registration.vat_exempt_reason,
        registration=registration,
    )


def night_charge(registration: Registration, night: dt.date) -> Charge:
    """The line for one night of a participant's accommodation, in the active language."""
    return Charge(
        _("Overnight stay, night to %(date)s: %(name)s")
        % {
            "date": formats.date_format(night + dt.timedelta(days=1), "DATE_FORMAT"),
            "name": registration.name,
        },
        to_cents(registration.accommodation_price_per_night or ZERO),
        rate_of(registration.accommodation_vat_rate),
        registration=registration,
        is_accommodation=True,
        night=night,
    )


def charges_for(registrations: list[Registration], language: str) -> list[Charge]:
    """A line per participant's seat and a line per night of their accommodation, in `language`."""
    with translation.override(language):
        return [
            charge
            for registration in registrations
            for charge in (
                seat_charge(registration),
                *(night_charge(registration, night) for night in registration.nights),
            )
        ]


def seller() -> tuple[SiteIdentity, BillingSettings]:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return SiteIdentity.for_site(site), BillingSettings.for_site(site)


def seller_address(identity: SiteIdentity) -> str:
    return "\n".join(
        part for part in (identity.street_address, f"{identity.postal_code} {identity.city}".strip()) if part
    )


def payment_details(settings: BillingSettings, language: str) -> str:
    with translation.override(language):
        parts = []
        if settings.bank_registration_number and settings.bank_account_number:
            parts.append(
                _("Reg. no. %(registration)s, account no. %(account)s")
                % {
                    "registration": settings.bank_registration_number,
                    "account": settings.bank_account_number,
                }
            )
        if settings.iban:
            parts.append(f"IBAN {settings.iban}" + (f", BIC {settings.bic}" if settings.bic else ""))
        if settings.bank_name:
            parts.insert(0, settings.bank_name)
        return "\n".join(parts)


def invoiced_registrations(order: Order) -> list[int]:
    """The order's registrations that an invoice has charged for. A place is invoiced once: a
    credit note follows only its cancellation, and a cancelled place is never confirmed again."""
    return list(
        InvoiceLine.objects.filter(
            invoice__order=order, invoice__kind=InvoiceKind.INVOICE, registration__isnull=False
        )
        .values_list("registration_id", flat=True)
        .distinct()
    )


def places_to_invoice(order: Order) -> list[Registration]:
    """Confirmed places of the order not invoiced yet. Waiting and offered places are not."""
    return list(
        Registration.objects.filter(
            billing_order_participant__order=order, status=RegistrationStatus.CONFIRMED
        )
        .exclude(pk__in=invoiced_registrations(order))
        .order_by("billing_order_participant__position")
        .prefetch_related("booked_nights")
    )


def issue_invoice(order: Order, now: dt.datetime | None = None) -> Invoice | None:
    """Invoice the order's confirmed places that are not invoiced yet, in the transaction that
    confirms them; None when there is nothing to charge (a free event, or only waiting places)."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("issue_invoice() must run in the transaction that confirms.")
    return invoice_charges(order, charges_for(places_to_invoice(order), order.language), now=now)


def invoice_charges(order: Order, charges: list[Charge], now: dt.datetime | None = None) -> Invoice | None:
    """An invoice to the order's payer for these charges; None when they come to nothing."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("invoice_charges() must run in the transaction that changes.")
    if not charges or sum(charge.gross_amount for charge in charges) <= 0:
        return None
    return _issue(order, charges, InvoiceKind.INVOICE, now=now)


def credit_share(registration: Registration) -> Decimal:
    """The part of a cancelled place's price that is credited: all of it when it was cancelled before
    the free-cancellation deadline, else what the event's late-cancellation fee leaves."""
    return share_left_after_fee(registration.event, registration.cancelled_at or timezone.now())


def share_left_after_fee(event, at: dt.datetime) -> Decimal:
    """What is credited of something given up at `at`: all before the free-cancellation deadline,
    after it what the event's late-cancellation fee leaves."""
    if at < cancellation_deadline(event):
        return FULL
    return Decimal(100 - event.late_cancellation_fee_percent) / 100


def outstanding_lines(registration: Registration) -> list[InvoiceLine]:
    """The invoice lines charged for this participant that no credit note has settled yet.

    A credit note line settles the line of the invoice it credits with the same seat or night
    (whether it credits all of it or what a fee leaves), so a place, or a night, is credited once
    even when an order change has spread the participant's lines over several invoices."""
    settled = set(
        InvoiceLine.objects.filter(
            registration=registration, invoice__kind=InvoiceKind.CREDIT_NOTE
        ).values_list("invoice__credits_id", "is_accommodation", "night")
    )
    lines = (
        InvoiceLine.objects.filter(registration=registration, invoice__kind=InvoiceKind.INVOICE)
        .select_related("invoice__order")
        .order_by("invoice__number", "position")
    )
    return [line for line in lines if (line.invoice_id, line.is_accommodation, line.night) not in settled]


def credit_lines(lines: list[InvoiceLine], share: Decimal, now: dt.datetime | None = None) -> list[Invoice]:
    """Credit notes for these invoice lines, `share` of each: one per invoice, referring to it (none
    for an invoice of which nothing is credited)."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("credit_lines() must run in the transaction that changes.")
    by_invoice: dict[int, list[InvoiceLine]] = defaultdict(list)
    for line in lines:
        by_invoice[line.invoice_id].append(line)
    credit_notes = []
    for invoice_lines in by_invoice.values():
        invoice = invoice_lines[0].invoice
        charges = [
            Charge(
                line.description,
                to_cents(line.gross_amount * share),
                line.vat_rate,
                line.vat_exempt_reason,
                registration=line.registration,
                is_accommodation=line.is_accommodation,
                night=line.night,
            )
            for line in invoice_lines
        ]
        if sum(charge.gross_amount for charge in charges) > 0:
            credit_notes.append(
                _issue(invoice.order, charges, InvoiceKind.CREDIT_NOTE, credits=invoice, now=now)
            )
    return credit_notes


def credit_cancelled_place(registration: Registration, now: dt.datetime | None = None) -> list[Invoice]:
    """Credit notes for an invoiced place that was cancelled, referring to its invoices, in the
    cancelling transaction; none when the place was never invoiced or nothing is credited."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("credit_cancelled_place() must run in the cancelling transaction.")
    return credit_lines(outstanding_lines(registration), credit_share(registration), now=now)


def buyer_of(order: Order) -> dict:
    return {
        "payer_type": order.payer_type,
        "buyer_name": order.payer_name,
        "buyer_address": order.billing_address,
        "buyer_cvr": order.cvr,
        "buyer_ean": order.ean,
        "buyer_order_number": order.buyer_order_number,
        "buyer_person_reference": order.person_reference,
    }


def buyer_as_invoiced(invoice: Invoice) -> dict:
    """A credit note names the buyer as the invoice it credits did (the order's own copy may have
    been erased on the booker's request since)."""
    return {name: getattr(invoice, name) for name in buyer_of(invoice.order)}


def _issue(
    order: Order, charges: list[Charge], kind: str, *, credits: Invoice | None = None, now=None
) -> Invoice:
    now = now or timezone.now()
    identity, settings = seller()
    nets, breakdown = split_vat(charges)
    today = timezone.localdate(now)
    language = credits.language if credits else order.language
    invoice = Invoice.objects.create(
        number=numbering.take_number(),
        kind=kind,
        order=order,
        credits=credits,
        language=language,
        issued_at=now,
        issue_date=today,
        due_date=today + dt.timedelta(days=settings.payment_terms_days)
        if kind == InvoiceKind.INVOICE
        else today,
        seller_name=identity.organisation_name,
        seller_address=seller_address(identity),
        seller_cvr=identity.cvr_number,
        payment_details=payment_details(settings, language),
        payee_bank_registration_number=settings.bank_registration_number,
        payee_bank_account_number=settings.bank_account_number,
        payee_iban=settings.iban,
        payee_bic=settings.bic,
        **(buyer_as_invoiced(credits) if credits else buyer_of(order)),
        event_title=credits.event_title if credits else event_title_in(order, language),
        net_total=sum((group.taxable_amount for group in breakdown), ZERO),
        vat_total=sum((group.vat_amount for group in breakdown), ZERO),
        total=sum((charge.gross_amount for charge in charges), ZERO),
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=position,
            description=charge.description[:300],
            registration=charge.registration,
            is_accommodation=charge.is_accommodation,
            night=charge.night,
            vat_rate=charge.vat_rate,
            vat_exempt_reason="" if charge.vat_rate else charge.vat_exempt_reason,
            gross_amount=charge.gross_amount,
            net_amount=net,
        )
        for position, (charge, net) in enumerate(zip(charges, nets, strict=True), start=1)
    )
    InvoiceVat.objects.bulk_create(
        InvoiceVat(
            invoice=invoice,
            rate=group.rate,
            exempt_reason=group.exempt_reason,
            taxable_amount=group.taxable_amount,
            vat_amount=group.vat_amount,
        )
        for group in breakdown
    )
    if is_einvoice(invoice):
        outbox.add_to_outbox(invoice)
    return invoice
