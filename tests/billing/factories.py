"""Helpers for billing tests: paid events, payers of each kind, and participants to book."""

import datetime as dt
import json

import time_machine

from wagtail.models import Site

from billing.models import BillingSettings
from billing.services.orders import Participant, Payer, place_order
from home.models import SiteIdentity
from tests.events.factories import local, make_event

VALID_EAN = "5798000000001"
VALID_CVR = "13585628"
TEACHING = "Momsfritaget undervisning, momsloven § 13, stk. 1, nr. 3"


def prices(*options: tuple[str, str, str]) -> str:
    """Price options as (label, amount, vat) with vat "exempt" (teaching) or "25"."""
    return json.dumps(
        [
            {
                "type": "price",
                "value": {
                    "label": label,
                    "amount": amount,
                    "vat": vat,
                    "vat_exempt_reason": TEACHING if vat == "exempt" else "",
                },
            }
            for label, amount, vat in options
        ]
    )


def paid_event(capacity=10, **overrides):
    """A two-day course on 14–15 January 2027: 1,500 kr. exempt from VAT, rooms at 695 kr. a night."""
    fields = {
        "start": local(2027, 1, 14, 9, 30),
        "end": local(2027, 1, 15, 15),
        "capacity": capacity,
        "price_options": prices(("Standard", "1500.00", "exempt")),
        "accommodation_price_per_night": "695.00",
        "rooms_per_night": 10,
        "cancellation_deadline": local(2027, 1, 1),
    }
    return make_event(**{**fields, **overrides})


def free_event(capacity=10):
    return make_event(
        start=local(2027, 2, 4, 13),
        end=local(2027, 2, 4, 16),
        capacity=capacity,
        price_options=prices(("Gratis", "0.00", "exempt")),
    )


def payer(kind="public", language="da", **fields) -> Payer:
    """A booker paying as a public institution (EAN), a company (CVR), a private person, or nobody ("")."""
    base = {"booker_name": "Hanne Leder", "booker_email": "hanne@kommune.example", "language": language}
    by_kind = {
        "public": {
            "payer_type": "public",
            "payer_name": "Middelfart Kommune, Børn og Unge",
            "ean": VALID_EAN,
            "buyer_order_number": "PO-4711",
            "person_reference": "Hanne Leder",
            "billing_address": "Nytorv 9\n5500 Middelfart",
        },
        "company": {
            "payer_type": "company",
            "payer_name": "Social Udvikling ApS",
            "cvr": VALID_CVR,
            "billing_address": "Vestergade 2\n8000 Aarhus C",
        },
        "private": {
            "payer_type": "private",
            "payer_name": "Hanne Leder",
            "billing_address": "Skovvej 3\n5500 Middelfart",
        },
        "": {},
    }
    return Payer(**{**base, **by_kind[kind], **fields})


def colleague(event, number: int, nights=(), option=0, **fields) -> Participant:
    details = {"name": f"Kollega {number}", "email": f"kollega{number}@kommune.example", **fields}
    return Participant(price_option_id=event.price_options[option].id, nights=list(nights), **details)


def seller_settings() -> None:
    """The organisation and bank account the invoices name."""
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.organisation_name = "Innovatarium"
    identity.cvr_number = VALID_CVR
    identity.street_address = "Idéstien 1"
    identity.postal_code = "5500"
    identity.city = "Middelfart"
    identity.save()
    billing = BillingSettings.for_site(site)
    billing.bank_name = "Fynske Bank"
    billing.bank_registration_number = "0815"
    billing.bank_account_number = "4711001"
    billing.payment_terms_days = 30
    billing.save()


NIGHT = dt.date(2027, 1, 14)


def invoiced_order(kind="public", language="da", when=(2026, 12, 1), nights=(NIGHT,), **fields):
    """An order placed (and invoiced) at 10:00 on `when`, due 30 days later: Kollega 1 with a night
    (1.500,00 exempt + 695,00 with 25 % VAT) and Kollega 2 (1.500,00): 3.695,00 kr. in all."""
    with time_machine.travel(local(*when, 10), tick=False):
        event = paid_event()
        return place_order(
            event,
            payer(kind, language=language, **fields),
            [colleague(event, 1, nights=nights), colleague(event, 2)],
        )


def first_cell(row) -> str:
    """An admin list row's first cell's text; of a title cell, the title alone, without its buttons."""
    cell = row.select_one("td")
    return (cell.select_one(".title-wrapper") or cell).get_text(" ", strip=True)
