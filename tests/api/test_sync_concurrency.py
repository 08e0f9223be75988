"""A change that commits while a sync runs reaches the mirror at the next sync, with real transactions.

The publishing transaction runs in a thread with its own database connection and stays open while
the partner's sync runs in the test's connection. The control twin continues with the time the
answer gave (`modified_since=as_of`), which stamps cannot make exact: it loses the change, which
proves the test sets up the race it claims to.
"""

import datetime as dt
import threading

import pytest
import time_machine

from django.db import connection, transaction

from events.models import EventPage
from partner_api.models import ListingChange
from tests import demo_snapshot
from tests.api.conftest import LISTINGS, NOW, course_day, empty_event_index, make_vocabularies
from tests.api.test_sync import apply, fetch_all
from tests.events.factories import make_registration, publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def index(vocabularies_on_the_demo):
    return empty_event_index()


@pytest.fixture
def vocabularies_on_the_demo(transactional_db):
    demo_snapshot.restore()  # transactional tests start from a flushed database
    make_vocabularies()


def first_page(client, query: str) -> dict:
    return client.get(f"{LISTINGS}/events?{query}&limit=2").json()


def sync_while_a_publication_is_open(client, continuation) -> tuple[dict, dict, list, list]:
    """Load a mirror, then sync while another connection's publication is written but not
    committed; a second publication commits meanwhile (so the open one is not the newest change).
    Returns the mirror, the site and the two syncs' changes."""
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False) as clock:
        slow, quick, _untouched = course_day(1), course_day(2), course_day(3)
        clock.move_to(NOW)
        mirror = {record["id"]: record for record in fetch_all(client, "when=all")}
        resume = continuation(first_page(client, "when=all"))

        written, sync_done = threading.Event(), threading.Event()
        failures = []

        def publish_slowly():
            try:
                with transaction.atomic():
                    page = EventPage.objects.get(pk=slow.pk)
                    page.title = "Kursusdag, rettet mens en synkronisering kørte"
                    publish(page)
                    written.set()
                    assert sync_done.wait(30), "the sync never finished"
            except Exception as error:  # noqa: BLE001 - reported in the test's thread
                failures.append(error)
            finally:
                connection.close()

        clock.move_to(NOW + dt.timedelta(hours=1))
        publisher = threading.Thread(target=publish_slowly)
        publisher.start()
        assert written.wait(30)
        clock.move_to(NOW + dt.timedelta(hours=1, minutes=1))
        quick.title = "Kursusdag, rettet og gemt"
        publish(quick)
        first_sync = fetch_all(client, f"when=all&{resume}")
        resume = continuation(first_page(client, f"when=all&{resume}"))
        sync_done.set()
        publisher.join(30)
        assert not failures, failures

        clock.move_to(NOW + dt.timedelta(hours=2))
        second_sync = fetch_all(client, f"when=all&{resume}")
        site = {record["id"]: record for record in fetch_all(client, "when=all")}
    for changes in (first_sync, second_sync):
        apply(mirror, changes)
    # The untouched event may come again (another test's open transaction on the same server holds
    # the horizon back), which costs a mirror nothing; what matters is what must not be missed.
    return mirror, site, first_sync, second_sync


def test_a_change_committed_during_a_sync_arrives_at_the_next_sync(client, index):
    mirror, site, first_sync, second_sync = sync_while_a_publication_is_open(
        client, lambda page: f"since={page['sync_token']}"
    )
    assert mirror == site
    assert "Kursusdag, rettet mens en synkronisering kørte" in [
        record["title"]["da"] for record in second_sync
    ]


def test_control_a_sync_that_continues_from_a_time_loses_that_change(client, index):
    mirror, site, _first, _second = sync_while_a_publication_is_open(
        client, lambda page: "modified_since=" + page["as_of"].replace("+", "%2B")
    )
    assert mirror != site


def test_two_transactions_that_change_one_event_do_not_wait_for_each_other_in_the_log(index):
    """The log only appends: a registration saved while another transaction has written one for
    the same event (and not committed) records its change at once. A log that updated one row per
    event would make the second wait for the first, whatever else either of them does."""
    event = course_day(1, english=False)
    written, second_done = threading.Event(), threading.Event()
    failures = []

    def register_and_hold():
        try:
            with transaction.atomic():
                make_registration(event, "Første Deltager")
                written.set()
                assert second_done.wait(30), "the second registration never finished"
        except Exception as error:  # noqa: BLE001 - reported in the test's thread
            failures.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=register_and_hold)
    holder.start()
    assert written.wait(30)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
            make_registration(event, "Anden Deltager", email="anden@example.dk")
    finally:
        second_done.set()
        holder.join(30)
    assert not failures, failures
    assert ListingChange.objects.filter(translation_key=event.translation_key).count() >= 3
