"""An editor writes a Danish event in the admin and translates it with wagtail-localize, in a browser.

The whole workflow of issue 16: the Translate action makes a draft (nothing on the English site
yet), the English venue keeps its English text, and the English page appears on /en/events/ and in
the listings API only once the editor has translated the segments and published it.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Locale

from events.models import EventPage, Venue
from tests.events.factories import event_index
from tests.staff_security.helpers import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = {"da": "Samskabelse med borgerne", "en": "Co-creation with citizens"}
SUMMARY = {
    "da": "En dag om at udvikle velfærd sammen med borgerne.",
    "en": "A day on developing welfare together with citizens.",
}


@pytest.fixture
def editor(demo_site, django_user_model):
    """Communications staff: a Moderator, who may add, publish and translate pages."""
    user = django_user_model.objects.create_user("kommunikation", "kommunikation@example.dk", PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def sign_in(page, base_url, user):
    page.goto(base_url + "/admin/login/")
    page.locator("input[name=username]").fill(user.get_username())
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log Ind").click()
    page.wait_for_url(base_url + "/admin/")


def write_danish_event(page, base_url, venue: Venue) -> EventPage:
    """Add page → Event under the Danish event list, fill it in, publish it."""
    index = event_index()
    page.goto(f"{base_url}/admin/pages/add/events/eventpage/{index.pk}/")
    start = timezone.localtime() + dt.timedelta(days=40)
    page.locator("#id_title").fill(TITLE["da"])
    page.locator("#id_format").select_option("workshop")
    page.locator("#id_summary").fill(SUMMARY["da"])
    page.locator("#id_start").fill(start.strftime("%Y-%m-%d 09:30"))
    page.locator("#id_end").fill(start.strftime("%Y-%m-%d 15:00"))
    page.locator("#id_venue").select_option(str(venue.pk))
    page.locator("#id_capacity").fill("20")
    # A new event starts with one empty price option, and no error about it.
    prices = page.locator("[data-contentpath=price_options]")
    expect(prices.locator(".help-critical")).to_have_count(0)
    prices.locator("input[name='price_options-0-value-label']").fill("Standard")
    prices.locator("input[name='price_options-0-value-amount']").fill("1200")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Udgiv").click()
    page.wait_for_url(f"{base_url}/admin/pages/{index.pk}/")
    event = EventPage.objects.get(title=TITLE["da"])
    assert event.live
    return event


def test_editor_translates_an_event_without_touching_the_english_venue(demo_site, page, editor, client):
    base_url = demo_site.url
    english = Locale.objects.get(language_code="en")
    venue = Venue.objects.filter(locale__language_code="da").first()
    english_venue = venue.get_translation(english)
    english_venue_text = (english_venue.name, english_venue.accessibility)

    sign_in(page, base_url, editor)
    event = write_danish_event(page, base_url, venue)

    # ⋯ → Translate (Oversæt) on the event, English, Submit.
    page.goto(f"{base_url}/admin/localize/submit/page/{event.pk}/")
    page.get_by_label("English").check()
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(f"{base_url}/admin/pages/*/edit/")

    english_event = EventPage.objects.get(translation_key=event.translation_key, locale=english)
    assert not english_event.live
    english_venue.refresh_from_db()
    assert (english_venue.name, english_venue.accessibility) == english_venue_text
    assert TITLE["da"] not in client.get("/en/events/").content.decode()
    record = client.get(f"/api/listings/v1/events/{event.translation_key}").json()
    assert record["languages"] == ["da"]

    # The translation editor: each Danish segment, its English written and saved.
    for danish, translated in ((TITLE["da"], TITLE["en"]), (SUMMARY["da"], SUMMARY["en"])):
        segment = page.locator("li").filter(has_text=danish).last
        # The editor speaks Danish (locale/da/LC_MESSAGES/djangojs.po; wagtail-localize has only "Gem").
        segment.get_by_role("button", name="Oversæt").click()
        segment.locator("textarea").fill(translated)
        segment.get_by_role("button", name="Gem").click()
        expect(segment.get_by_text(translated)).to_be_visible()
    expect(page.get_by_text("2 / 2 tekststykker oversat")).to_be_visible()  # the venue's English stands
    page.get_by_role("button", name=re.compile(r"^Udgiv på ")).click()
    page.wait_for_load_state("networkidle")

    english_event.refresh_from_db()
    assert english_event.live and english_event.title == TITLE["en"]
    english_venue.refresh_from_db()
    assert (english_venue.name, english_venue.accessibility) == english_venue_text
    page.goto(base_url + "/en/events/")
    expect(page.get_by_role("link", name=TITLE["en"])).to_be_visible()
    record = client.get(f"/api/listings/v1/events/{event.translation_key}").json()
    assert record["languages"] == ["da", "en"] and record["title"]["en"] == TITLE["en"]
