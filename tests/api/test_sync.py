"""Incremental sync: a partner's mirror kept with modified_since ends identical to a fresh full load."""

import datetime as dt

import pytest
import time_machine

from django.core.cache import cache

from events.models import EventPage
from partner_api.changes import forget_old_changes
from partner_api.models import ListingChange
from people.models import Organisation
from taxonomy.models import Theme
from tests.api.conftest import LISTINGS, NOW, course_day
from tests.events.factories import local, publish

pytestmark = pytest.mark.django_db


def fetch_all(client, query: str) -> list[dict]:
    """Every page of a listing, following the next links as a partner would."""
    results, url = [], f"{LISTINGS}/events?{query}&limit=2"
    for _page in range(50):
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        results += body["results"]
        if body["next"] is None:
            return results
        url = body["next"].removeprefix("http://testserver")
    raise AssertionError("more pages than expected")


def apply(mirror: dict, changes: list[dict]) -> None:
    for record in changes:
        if record["deleted"]:
            mirror.pop(record["id"], None)
        else:
            mirror[record["id"]] = record


def test_a_mirror_kept_with_modified_since_equals_the_site(client, index):
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        changed, cancelled, unpublished, deleted, half_unpublished, half_deleted, untouched = (
            course_day(number) for number in range(1, 8)
        )
    mirror = {record["id"]: record for record in fetch_all(client, "when=all")}
    first_sync = client.get(f"{LISTINGS}/events?when=all").json()["as_of"]
    assert len(mirror) == 7

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        created = course_day(8)
        changed.title = "Kursusdag om samskabelse, ny titel"
        publish(changed)
        cancelled.status = "cancelled"
        publish(cancelled)
        for page in EventPage.objects.filter(translation_key=unpublished.translation_key):
            page.unpublish()
        EventPage.objects.filter(translation_key=deleted.translation_key).delete()
        half_unpublished.unpublish()  # the Danish page only: the English one stays
        EventPage.objects.filter(pk=half_deleted.pk).delete()  # likewise

    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        changes = fetch_all(client, f"when=all&modified_since={first_sync.replace('+', '%2B')}")
        apply(mirror, changes)
        site = {record["id"]: record for record in fetch_all(client, "when=all")}

    assert mirror == site
    # Only what changed travelled, and the two that left the site came as tombstones.
    by_id = {record["id"]: record for record in changes}
    assert set(by_id) == {
        str(page.translation_key)
        for page in (created, changed, cancelled, unpublished, deleted, half_unpublished, half_deleted)
    }
    assert str(untouched.translation_key) not in by_id
    tombstones = [record for record in changes if record["deleted"]]
    assert {record["id"] for record in tombstones} == {
        str(unpublished.translation_key),
        str(deleted.translation_key),
    }
    assert tombstones[0] == {
        "id": tombstones[0]["id"],
        "deleted": True,
        "last_modified": "2026-11-26T13:00:00+01:00",
    }
    assert by_id[str(cancelled.translation_key)]["registration"]["state"] == "cancelled"
    assert site[str(half_unpublished.translation_key)]["languages"] == ["en"]
    assert site[str(half_deleted.translation_key)]["languages"] == ["en"]


def test_a_republished_event_is_no_longer_a_tombstone(client, index):
    event = course_day(1, english=False)
    token = client.get(f"{LISTINGS}/events?when=all").json()["sync_token"]
    event.unpublish()
    changes = client.get(f"{LISTINGS}/events?when=all&since={token}").json()["results"]
    assert [(record["id"], record["deleted"]) for record in changes] == [(str(event.translation_key), True)]
    publish(EventPage.objects.get(pk=event.pk))
    changes = client.get(f"{LISTINGS}/events?when=all&since={token}").json()["results"]
    assert [(record["id"], record["deleted"]) for record in changes] == [(str(event.translation_key), False)]
    assert client.get(f"{LISTINGS}/events/{event.translation_key}").status_code == 200


def test_making_an_event_private_sends_a_tombstone(client, index):
    from wagtail.models import PageViewRestriction

    event = course_day(1, english=False)
    PageViewRestriction.objects.create(page=event, restriction_type="login")
    results = client.get(f"{LISTINGS}/events?when=all&modified_since=2026-11-26").json()["results"]
    assert results == [
        {"id": str(event.translation_key), "deleted": True, "last_modified": "2026-11-26T12:00:00+01:00"}
    ]


def test_an_event_whose_registration_closes_by_itself_comes_again_in_the_sync(client, index):
    """Nobody edits the event, but its registration state turns when the deadline passes: a mirror
    that syncs with modified_since must hear of it, or it would show registration open for ever."""
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        closing = course_day(1, registration_closes=local(2026, 11, 26, 18))
        untouched = course_day(2)
    with time_machine.travel(NOW, tick=False):
        mirror = {record["id"]: record for record in fetch_all(client, "when=all")}
        as_of = client.get(f"{LISTINGS}/events?when=all").json()["as_of"]
    assert mirror[str(closing.translation_key)]["registration"]["state"] == "open"

    # Answers are cached for a minute and a deadline passing does not retire them: hours later
    # they are long gone. Redis keeps its own clock, which time_machine does not move, so the
    # cache is emptied by hand.
    cache.clear()
    with time_machine.travel(local(2026, 11, 26, 19), tick=False):
        changes = fetch_all(client, f"when=all&modified_since={as_of.replace('+', '%2B')}")
        apply(mirror, changes)
        site = {record["id"]: record for record in fetch_all(client, "when=all")}
        detail = client.get(f"{LISTINGS}/events/{closing.translation_key}")

    assert [record["id"] for record in changes] == [str(closing.translation_key)]
    assert str(untouched.translation_key) not in {record["id"] for record in changes}
    assert changes[0]["registration"]["state"] == "closed"
    assert changes[0]["last_modified"] == "2026-11-26T18:00:00+01:00"
    assert detail["Last-Modified"] == "Thu, 26 Nov 2026 17:00:00 GMT"
    assert mirror == site


def test_a_filtered_mirror_loses_what_leaves_its_filters(client, index):
    """A union mirrors only its own course days that are still to come: an event it is taken off,
    and one that has ended, come as tombstones; one it is added to comes as a record."""
    union = Organisation.objects.get(slug="kursusforbundet", locale__language_code="da")
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        dropped = course_day(1)
        ending = course_day(2, start=local(2026, 11, 26, 9), end=local(2026, 11, 26, 16))
        joined = course_day(3, partners=[])
        kept = course_day(4)
    query = "partner=kursusforbundet&when=upcoming"
    with time_machine.travel(NOW, tick=False):
        mirror = {record["id"]: record for record in fetch_all(client, query)}
        as_of = client.get(f"{LISTINGS}/events?{query}").json()["as_of"]
    assert set(mirror) == {str(page.translation_key) for page in (dropped, ending, kept)}

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        for page in EventPage.objects.filter(translation_key=dropped.translation_key):
            page.partners.set([])
            publish(page)
        for page in EventPage.objects.filter(translation_key=joined.translation_key):
            # Each language's page names the union in its own language.
            page.partners.set(
                Organisation.objects.filter(translation_key=union.translation_key, locale=page.locale)
            )
            publish(page)

    with time_machine.travel(local(2026, 11, 26, 17), tick=False):
        changes = fetch_all(client, f"{query}&modified_since={as_of.replace('+', '%2B')}")
        apply(mirror, changes)
        site = {record["id"]: record for record in fetch_all(client, query)}

    assert mirror == site
    assert set(site) == {str(joined.translation_key), str(kept.translation_key)}
    gone = {record["id"] for record in changes if record["deleted"]}
    assert gone == {str(dropped.translation_key), str(ending.translation_key)}
    assert str(kept.translation_key) not in {record["id"] for record in changes}


def test_renaming_a_theme_or_moving_a_venue_sends_the_events_that_show_them(client, index):
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        themed = course_day(1)
        elsewhere = course_day(2, themes=[], venue=None)
    with time_machine.travel(NOW, tick=False):
        mirror = {record["id"]: record for record in fetch_all(client, "when=all")}
        as_of = client.get(f"{LISTINGS}/events?when=all").json()["as_of"]

    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        theme = Theme.objects.get(slug="medskabelse", locale__language_code="en")
        theme.name = "Making together"
        theme.save()
        venue = EventPage.objects.get(pk=themed.pk).venue
        venue.city = "Odense"
        venue.save()

    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        changes = fetch_all(client, f"when=all&modified_since={as_of.replace('+', '%2B')}")
        apply(mirror, changes)
        site = {record["id"]: record for record in fetch_all(client, "when=all")}

    assert mirror == site
    assert [record["id"] for record in changes] == [str(themed.translation_key)]
    assert str(elsewhere.translation_key) not in {record["id"] for record in changes}
    assert changes[0]["venue"]["city"] == "Odense"
    assert {"da": "Medskabelse", "en": "Making together"} in [term["name"] for term in changes[0]["themes"]]


def test_the_change_log_forgets_after_its_lifetime_and_refuses_older_syncs(client, index, settings):
    """Tombstones live as long as the change log keeps its rows (LISTINGS_API_CHANGE_LOG_DAYS): the
    scheduled job forgets older rows, and a run continuing from before them is told to load again
    rather than silently missing a removal."""
    settings.LISTINGS_API_CHANGE_LOG_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        token = client.get(f"{LISTINGS}/events?when=all").json()["sync_token"]
        event = course_day(1, english=False)
        event.unpublish()

    with time_machine.travel(NOW + dt.timedelta(days=29), tick=False):
        assert ListingChange.objects.filter(translation_key=event.translation_key).exists()
        assert forget_old_changes() == 0
        still = client.get(f"{LISTINGS}/events?when=all&since={token}")
        assert still.status_code == 200
        tombstone = next(r for r in still.json()["results"] if r["id"] == str(event.translation_key))
        assert tombstone["deleted"] is True

    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        assert forget_old_changes() >= 2  # the publication and the unpublication
        assert not ListingChange.objects.filter(translation_key=event.translation_key).exists()
        for query in (f"since={token}", "modified_since=2026-11-26T12:00:00%2B01:00"):
            gone = client.get(f"{LISTINGS}/events?when=all&{query}")
            assert gone.status_code == 410
            assert gone["Content-Type"] == "application/problem+json"
            assert "full load" in gone.json()["detail"]
        assert client.get(f"{LISTINGS}/events?when=all").status_code == 200
