"""No API answer carries personal data: registrants, contributors' addresses, staff users."""

import pytest

from django.contrib.auth import get_user_model

from events.models import Registration
from tests.api.conftest import LISTINGS, NOW, course_day

pytestmark = pytest.mark.django_db

SECRETS = ("Registrant Hemmeligsen", "hemmelig@example.dk", "+45 12 34 56 78", "Diabetes", "5798000000001")


def test_no_endpoint_reveals_registrations_or_users(client, index):
    event = course_day(1)
    Registration.objects.create(
        event=event,
        status="confirmed",
        name=SECRETS[0],
        email=SECRETS[1],
        phone=SECRETS[2],
        dietary_needs=SECRETS[3],
        ean=SECRETS[4],
        price_option_id="x",
        price_label="Standard",
        price_amount="0",
        vat_rate="exempt",
        payer_type="public",
        accepted_terms_at=NOW,
    )
    staff = get_user_model().objects.create_user("redaktoer", "redaktoer@example.dk", "x", first_name="Rikke")
    urls = [
        f"{LISTINGS}/events?when=all",
        f"{LISTINGS}/events/{event.translation_key}",
        f"{LISTINGS}/events?modified_since=2026-11-01",  # within the change log's 180 days
        f"{LISTINGS}/resources",
        *(f"{LISTINGS}/vocabularies/{name}" for name in ("formats", "themes", "professions", "partners")),
        "/api/v2/pages/?limit=50&fields=*",
        "/api/v2/pages/?limit=50&offset=50&fields=*",
        f"/api/v2/pages/{event.pk}/",
        "/api/v2/images/?limit=50&fields=*",
        "/api/v2/documents/?limit=50&fields=*",
        "/feeds/new.atom",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in (*SECRETS, staff.email, staff.first_name):
            assert secret not in body, (url, secret)
