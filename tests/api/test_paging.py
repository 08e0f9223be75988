"""Full loads page by keyset: an item that leaves the list during a load pushes no other past the
client, in the records and in the tombstones alike."""

import datetime as dt
import uuid

import pytest
import time_machine

from events.models import EventPage
from library.models import ResourcePage
from tests.api.conftest import LISTINGS, NOW, course_day
from tests.api.test_sync import apply
from tests.clearing import delete_demo_rows
from tests.events.factories import publish
from tests.library.factories import make_resource

pytestmark = pytest.mark.django_db


def get(client, url: str) -> dict:
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, response.content
    return response.json()


def ids(body: dict) -> list[str]:
    return [record["id"] for record in body["results"]]


def key(number: int) -> str:
    return str(uuid.UUID(int=number))


def unpublish(page) -> None:
    for translation in type(page).objects.filter(translation_key=page.translation_key):
        translation.unpublish()


def test_an_event_that_leaves_the_list_during_a_full_load_pushes_none_past_the_client(client, index):
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        events = [course_day(number, english=False) for number in range(1, 6)]
    first = get(client, f"{LISTINGS}/events?when=all&limit=2")
    unpublish(events[0])  # it was on the first page; a count would now skip event 3
    second = get(client, first["next"])
    third = get(client, second["next"])
    assert ids(first) + ids(second) + ids(third) == [key(number) for number in range(1, 6)]
    assert third["next"] is None
    assert first["sync_token"] == second["sync_token"] == third["sync_token"]

    mirror = {record["id"]: record for record in first["results"] + second["results"] + third["results"]}
    apply(mirror, get(client, f"{LISTINGS}/events?when=all&since={first['sync_token']}")["results"])
    site = get(client, f"{LISTINGS}/events?when=all&limit=100")["results"]
    assert mirror == {record["id"]: record for record in site}


def test_a_resource_that_leaves_the_list_during_a_full_load_pushes_none_past_the_client(client, index):
    delete_demo_rows(ResourcePage.objects.all())
    resources = [
        make_resource(
            translation_key=uuid.UUID(int=100 + number), published_date=dt.date(2026, 10, 10 - number)
        )
        for number in range(1, 6)
    ]
    first = get(client, f"{LISTINGS}/resources?limit=2")
    unpublish(resources[1])
    rest = []
    url = first["next"]
    while url:
        body = get(client, url)
        rest += ids(body)
        url = body["next"]
    assert ids(first) + rest == [key(100 + number) for number in range(1, 6)]


def test_tombstones_page_by_keyset_too(client, index):
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        events = [course_day(number, english=False) for number in range(1, 5)]
    token = get(client, f"{LISTINGS}/events?when=all")["sync_token"]
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False) as clock:
        for number, event in enumerate(events[:3]):
            clock.move_to(NOW + dt.timedelta(hours=1, minutes=number))
            unpublish(event)
    first = get(client, f"{LISTINGS}/events?when=all&since={token}&limit=2")
    assert ids(first) == [key(1), key(2)]
    publish(EventPage.objects.get(pk=events[0].pk))  # the first tombstone becomes a record again
    second = get(client, first["next"])
    assert ids(second)[0] == key(3)


@pytest.mark.parametrize(
    "query",
    [
        "cursor=abc",
        "cursor=W10",
        "cursor=WyIxLjEuMS4xIiwiaXRlbXMiLFsibm90LWEtZGF0ZSIsIngiXV0",
        "cursor=x&offset=2",
    ],
)
def test_a_cursor_not_taken_from_a_next_link_is_an_error(client, index, query):
    response = client.get(f"{LISTINGS}/events?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == "cursor"
