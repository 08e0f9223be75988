"""Prices tell the truth before booking: each price in the one notation, with its VAT (25 % included,
or exempt and why) in the visitor's language, on the event page, in the form and in the e-mails."""

import json

import pytest
from bs4 import BeautifulSoup

from events.models import Registration
from tests.events.factories import local, make_event, translate_event
from tests.events.test_registration_views import form_data, registration_mails

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    prices = [
        {
            "type": "price",
            "value": {
                "label": "Kursus",
                "amount": "1500.00",
                "vat": "exempt",
                "vat_exempt_reason": "Momsfritaget undervisning, momsloven § 13, stk. 1, nr. 3",
            },
        },
        {
            "type": "price",
            "value": {"label": "Messe", "amount": "2400.00", "vat": "25", "vat_exempt_reason": ""},
        },
    ]
    return make_event(
        start=local(2027, 1, 14, 9, 30),
        end=local(2027, 1, 15, 15),
        capacity=5,
        price_options=json.dumps(prices),
        accommodation_price_per_night="695.00",
        rooms_per_night=2,
    )


def facts(response) -> str:
    return BeautifulSoup(response.content, "lxml").select_one(".event-facts").get_text(" ", strip=True)


def test_the_danish_page_states_amounts_and_vat(client, event):
    text = facts(client.get(event.url))
    exempt = "momsfri: undervisning er momsfritaget efter momsloven § 13, stk. 1, nr. 3"
    assert f"Kursus: 1.500,00 kr. ({exempt})" in text
    assert "Messe: 2.400,00 kr. (inkl. 25 % moms)" in text
    assert "695,00 kr. (inkl. 25 % moms) pr. nat" in text


def test_the_english_page_states_them_in_english(client, event):
    english = translate_event(event, title="Course on co-creation", slug="course-on-co-creation")
    text = facts(client.get(english.url))
    exempt = "exempt from VAT: teaching is exempt from VAT under the Danish VAT Act, § 13(1)(3)"
    assert f"DKK 1,500.00 ({exempt})" in text
    assert "DKK 2,400.00 (incl. 25 % VAT)" in text
    assert "DKK 695.00 (incl. 25 % VAT) per night" in text


def test_accommodation_without_vat_says_so(client, event):
    event.accommodation_vat = "exempt"
    event.save_revision().publish()
    assert "695,00 kr. (momsfri) pr. nat" in facts(client.get(event.url))


def test_the_form_shows_each_price_the_night_price_and_the_rooms_left(client, event):
    from tests.events.factories import make_registration

    make_registration(event, "Karen Blixen", nights=[local(2027, 1, 13).date()])
    soup = BeautifulSoup(client.get(event.url).content, "lxml")
    form = soup.select_one("form.registration-form").get_text(" ", strip=True)
    assert "Messe – 2.400,00 kr. (inkl. 25 % moms)" in form
    assert "Pris pr. nat: 695,00 kr. (inkl. 25 % moms)." in form
    assert "onsdag 13. januar 2027 (1 værelse tilbage)" in form
    assert "torsdag 14. januar 2027 (2 værelser tilbage)" in form


def test_the_confirmation_e_mail_tells_price_vat_and_total(client, event, django_capture_on_commit_callbacks):
    data = form_data(event, price_option=event.price_options[1].id, nights=["2027-01-13", "2027-01-14"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, data)
    assert response.status_code == 302, response.content
    registration = Registration.objects.get()
    assert registration.vat_rate == "25" and registration.accommodation_vat_rate == "25"
    body = registration_mails()[-1].body
    assert "Messe, 2.400,00 kr. (inkl. 25 % moms)" in body
    assert "(695,00 kr. (inkl. 25 % moms) pr. nat)" in body
    assert "I alt: 3.790,00 kr." in body
    html = registration_mails()[-1].alternatives[0][0]
    assert "3.790,00 kr." in html


def test_an_english_registrant_gets_english_amounts(client, event, django_capture_on_commit_callbacks):
    english = translate_event(event, title="Course on co-creation", slug="course-on-co-creation")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(english.url, form_data(english))
    assert response.status_code == 302, response.content
    registration = Registration.objects.get()
    assert registration.vat_exempt_reason.startswith("Momsfritaget undervisning")
    body = registration_mails()[-1].body
    assert "Kursus, DKK 1,500.00 (exempt from VAT: teaching is exempt" in body
    assert "Total: DKK 1,500.00" in body
