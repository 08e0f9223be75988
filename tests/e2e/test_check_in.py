"""Check-in at the door on a phone: a tap checks the participant in where they stand in the list,
without reloading it, and the count and the read-out follow."""

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from events.models import EventPage
from tests.e2e.test_translating import sign_in
from tests.events.factories import make_registration
from tests.staff_security.helpers import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_tap_checks_in_without_reloading_the_list(demo_site, page, django_user_model):
    staff = django_user_model.objects.create_superuser("doer", "doer@example.dk", PASSWORD)
    event = EventPage.objects.live().filter(locale__language_code="da", start__gt=timezone.now()).first()
    karen = make_registration(event, "Karen Blixen", workplace="Rungstedlund")
    make_registration(event, "Ib Spang")
    sign_in(page, demo_site.url, staff)

    page.goto(f"{demo_site.url}/admin/events/{event.pk}/check-in/")
    page.evaluate("window.stillTheSamePage = true")
    row = page.locator(f"#registration-{karen.pk}")
    row.get_by_role("button", name="Tjek ind Karen Blixen").click()

    undo = row.get_by_role("button", name="Fortryd indtjekning Karen Blixen")
    expect(undo).to_be_focused()
    expect(page.locator("[data-stat='checked-in']")).to_have_text("1 af 2 tjekket ind")
    expect(page.locator("[data-checkin-status]")).to_have_text("Karen Blixen er tjekket ind.")
    assert page.evaluate("window.stillTheSamePage") is True
    karen.refresh_from_db()
    assert karen.checked_in_at is not None

    undo.click()  # the swapped-in row works too
    expect(row.get_by_role("button", name="Tjek ind Karen Blixen")).to_be_focused()
    expect(page.locator("[data-stat='checked-in']")).to_have_text("0 af 2 tjekket ind")
    assert page.evaluate("window.stillTheSamePage") is True
