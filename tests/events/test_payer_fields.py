"""Who pays, asked only when something costs money and never pre-selected; fields that browsers can
fill in say what they are (autocomplete)."""

import pytest
from bs4 import BeautifulSoup

from events.models import Registration
from tests.events.factories import local, make_event, price_options
from tests.events.test_registration_views import errors_of, form_data

pytestmark = pytest.mark.django_db

PAYER_FIELDS = ("payer_type", "organisation_name", "cvr", "ean", "order_number", "person_reference")


def the_form(client, event):
    return BeautifulSoup(client.get(event.url).content, "lxml").select_one("form.registration-form")


def test_a_paid_event_asks_who_pays_without_choosing_for_the_visitor(client):
    event = make_event(start=local(2027, 1, 14, 9), end=local(2027, 1, 14, 15), capacity=5)
    form = the_form(client, event)
    radios = form.select('input[name="payer_type"]')
    assert len(radios) == 3 and not any(radio.has_attr("checked") for radio in radios)
    response = client.post(event.url, form_data(event, payer_type=None))
    assert response.status_code == 200
    assert errors_of(response)["payer_type"] == [
        "Vælg, hvem der betaler: dig, en virksomhed eller en offentlig institution."
    ]
    assert not Registration.objects.exists()


def test_a_free_event_has_no_invoice_section(client):
    event = make_event(
        start=local(2027, 1, 14, 9),
        end=local(2027, 1, 14, 15),
        capacity=5,
        price_options=price_options(("Gratis", "0.00")),
    )
    form = the_form(client, event)
    assert all(form.select_one(f'[name="{name}"]') is None for name in PAYER_FIELDS)
    assert "Faktura" not in form.get_text()
    data = {key: value for key, value in form_data(event).items() if key not in PAYER_FIELDS}
    assert client.post(event.url, data).status_code == 302
    registration = Registration.objects.get()
    assert (registration.payer_type, registration.ean, registration.organisation_name) == ("", "", "")


def test_fields_say_what_they_are_for_autofill(client):
    event = make_event(start=local(2027, 1, 14, 9), end=local(2027, 1, 14, 15), capacity=5)
    form = the_form(client, event)
    tokens = {
        name: form.select_one(f'[name="{name}"]')["autocomplete"]
        for name in (
            "booker_name",
            "booker_email",
            "participants-0-name",
            "participants-0-email",
            "participants-0-phone",
            "participants-0-workplace",
            "organisation_name",
            "billing_address",
        )
    }
    assert tokens == {
        "booker_name": "name",
        "booker_email": "email",
        "participants-0-name": "name",
        "participants-0-email": "email",
        "participants-0-phone": "tel",
        "participants-0-workplace": "organization",
        "organisation_name": "organization",
        "billing_address": "street-address",
    }
