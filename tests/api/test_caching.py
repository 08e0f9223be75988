"""Caching across processes and polls: validators that stay equal while the data does, a version
that every process reads from the database, no false 304 when time moves an event out of a list,
and gzip."""

import datetime as dt
import gzip

import pytest
import time_machine

from django.core.cache import cache
from django.db.models import F

from events.models import EventPage
from partner_api.models import ListingChange, ListingKind, ListingsVersion
from tests.api.conftest import LISTINGS, NOW, course_day
from tests.events.factories import local

pytestmark = pytest.mark.django_db


def test_an_etag_stays_the_same_while_the_data_does(client, index):
    course_day(1)
    first = client.get(f"{LISTINGS}/events")
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        cache.clear()  # another process, or the first answer expired: rendered again, at another time
        later = client.get(f"{LISTINGS}/events")
        assert later.json()["as_of"] != first.json()["as_of"]
        assert later["ETag"] == first["ETag"]
        assert client.get(f"{LISTINGS}/events", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_change_made_by_another_process_retires_cached_answers_at_once(client, index):
    """Another worker or a management command writes the database, never this process's cache."""
    event = course_day(1)
    assert client.get(f"{LISTINGS}/events").json()["results"][0]["title"]["da"].endswith("1")
    EventPage.objects.filter(pk=event.pk).update(title="Omdøbt")
    ListingChange.objects.create(kind=ListingKind.EVENT, translation_key=event.translation_key)
    assert client.get(f"{LISTINGS}/events").json()["results"][0]["title"]["da"] == "Omdøbt"
    # A commit elsewhere bumps the shared number (a change whose log row is older than the newest).
    EventPage.objects.filter(pk=event.pk).update(title="Igen omdøbt")
    ListingsVersion.objects.update_or_create(pk=1, defaults={"number": F("number") + 1})
    assert client.get(f"{LISTINGS}/events").json()["results"][0]["title"]["da"] == "Igen omdøbt"


def test_the_shared_version_goes_up_after_the_commit(index, django_capture_on_commit_callbacks):
    before = ListingsVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    assert ListingsVersion.objects.get(pk=1).number > before


def test_if_modified_since_sees_an_event_leave_the_upcoming_list_by_time(client, index):
    course_day(1)
    course_day(2, start=local(2026, 11, 26, 13), end=local(2026, 11, 26, 14))
    first = client.get(f"{LISTINGS}/events")
    assert first.json()["count"] == 2
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        cache.clear()
        later = client.get(f"{LISTINGS}/events", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert later.status_code == 200 and later.json()["count"] == 1
        assert later["Last-Modified"] == "Thu, 26 Nov 2026 13:00:00 GMT"  # 14:00 in Denmark


def test_json_is_gzipped_with_a_weak_etag_that_still_matches(client, index):
    for number in range(1, 4):
        course_day(number)
    response = client.get(f"{LISTINGS}/events", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).startswith(b'{"count":3')
    assert response["ETag"].startswith('W/"')
    unchanged = client.get(
        f"{LISTINGS}/events", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert unchanged.status_code == 304
    assert "Content-Encoding" not in client.get(f"{LISTINGS}/events")
