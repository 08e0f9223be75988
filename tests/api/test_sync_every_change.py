"""Every kind of change reaches a mirror: after each one, a mirror kept only through the API (`since`
and tombstones) equals a fresh full load, for events and resources alike.

Each row of CHANGES makes one change to the same small catalogue, one after the other. The test also
checks that each change did show in the API (the full load differs from before), so no row passes by
changing nothing.
"""

import datetime as dt
import io
import uuid

import pytest
import time_machine
from PIL import Image as PillowImage

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from events.models import EventPage, Registration
from library.models import ResourcePage
from people.models import Organisation, Person
from taxonomy.models import Profession, TargetGroup, Theme
from tests.api.conftest import LISTINGS, NOW, course_day
from tests.api.test_sync import apply
from tests.clearing import delete_demo_rows
from tests.events.factories import make_registration, publish, translate_event
from tests.library.factories import (
    attach_file,
    make_document,
    make_resource,
    target_group,
    theme,
    translate_resource,
)
from tests.network.factories import make_person

pytestmark = pytest.mark.django_db

LISTS = ("events?when=all", "resources?")


def read(client, url: str) -> tuple[list[dict], str]:
    """Every page of a list, following `next` as a partner would, and the first page's sync_token."""
    results, token = [], None
    url = f"{LISTINGS}/{url}&limit=3"
    for _page in range(50):
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        token = token or body["sync_token"]
        results += body["results"]
        if body["next"] is None:
            return results, token
        url = body["next"].removeprefix("http://testserver")
    raise AssertionError("more pages than expected")


class Mirror:
    """A partner's copy of both lists, kept only with what the API answers."""

    def __init__(self, client):
        self.client = client
        self.records: dict[str, dict] = {}
        self.tokens: dict[str, str] = {}
        for name in LISTS:
            results, self.tokens[name] = read(client, name)
            self.records[name] = {record["id"]: record for record in results}

    def sync(self) -> dict[str, list[dict]]:
        changes = {}
        for name in LISTS:
            changes[name], token = read(self.client, f"{name}&since={self.tokens[name]}")
            apply(self.records[name], changes[name])
            self.tokens[name] = token
        return changes


def full_load(client) -> dict[str, dict]:
    return {name: {record["id"]: record for record in read(client, name)[0]} for name in LISTS}


def png(name: str) -> ImageFile:
    data = io.BytesIO()
    PillowImage.new("RGB", (1200, 630), "teal").save(data, "PNG")
    return ImageFile(data, name=name)


@pytest.fixture
def catalogue(index, settings):
    """Events and resources that each change below has something to act on."""
    # Registration closing is a change with time alone, which retires no cached answer.
    settings.LISTINGS_API_CACHE_SECONDS = 0
    delete_demo_rows(ResourcePage.objects.all())
    danish_theme = Theme.objects.get(slug="medskabelse", locale__language_code="da")
    with time_machine.travel(NOW - dt.timedelta(days=1), tick=False):
        picture = get_image_model().objects.create(title="Kursusdag", file=png("kursusdag.png"))
        events = {
            "edited": course_day(1),
            "cancelled": course_day(2),
            "danish_only": course_day(3, english=False),
            "bilingual": course_day(4),
            "pictured": course_day(5, image=picture),
            "named_then_unpublished": course_day(6),
            "named_then_deleted": course_day(7),
            "made_private": course_day(8),
            "seats": course_day(9, capacity=3),
            "closing": course_day(10, registration_closes=NOW + dt.timedelta(hours=3)),
        }
        make_registration(events["seats"], "Første Deltager")
        person = make_person("Kirsten Kursusholder")
        named_resource = make_resource(
            translation_key=uuid.UUID(int=2001),
            published_date=dt.date(2026, 10, 1),
            themes=[danish_theme],
            target_groups=[target_group("unge", "Unge")],
            contributor_people=[person],
            contributor_organisations=[
                Organisation.objects.get(slug="kursusforbundet", locale__language_code="da")
            ],
            related_events=[events["named_then_unpublished"], events["named_then_deleted"]],
        )
        translate_resource(named_resource, title="Idea cards", slug="idea-cards")
        named = make_resource(translation_key=uuid.UUID(int=2002), published_date=dt.date(2026, 9, 1))
        attach_file(named, document=make_document("Vejledning", "vejledning-sync.pdf"))
        make_resource(
            translation_key=uuid.UUID(int=2003),
            published_date=dt.date(2026, 8, 1),
            themes=[theme("medskabelse")],
            related_resources=[ResourcePage.objects.get(pk=named.pk)],
        )
    return events


def all_languages(page) -> list:
    return list(type(page).objects.filter(translation_key=page.translation_key))


def rename(model, slug: str, name: str, language: str = "en"):
    item = model.objects.get(slug=slug, locale__language_code=language)
    item.name = name
    item.save()


def edit(events):
    page = EventPage.objects.get(pk=events["edited"].pk)
    page.title = "Kursusdag om samskabelse, ny titel"
    publish(page)


def cancel(events):
    for page in all_languages(events["cancelled"]):
        page.status = "cancelled"
        publish(page)


def translate(events):
    translate_event(events["danish_only"], title="Course day, now in English", slug="course-day-3")


def withdraw_translation(events):
    key = events["bilingual"].translation_key
    EventPage.objects.get(translation_key=key, locale__language_code="en").unpublish()


def take_seat(events):
    make_registration(events["seats"], "Anden Deltager", email="anden@example.dk")


def free_seat(events):
    Registration.objects.get(event=events["seats"], name="Første Deltager").delete()


def rename_contributor(events):
    person = Person.objects.get(name="Kirsten Kursusholder", locale__language_code="da")
    person.name = "Kirsten Kursusleder"
    person.save()


def move_venue(events):
    venue = EventPage.objects.get(pk=events["edited"].pk).venue
    venue.city = "Odense"
    venue.save()


def unpublish_named_event(events):
    for page in all_languages(events["named_then_unpublished"]):
        page.unpublish()


def delete_named_event(events):
    EventPage.objects.filter(translation_key=events["named_then_deleted"].translation_key).delete()


def delete_image(events):
    get_image_model().objects.get(title="Kursusdag").delete()


def make_private(events):
    PageViewRestriction.objects.create(page=events["made_private"], restriction_type="login")


def unpublish_named_resource(events):
    for page in ResourcePage.objects.filter(translation_key=uuid.UUID(int=2002)):
        page.unpublish()


def delete_document(events):
    from wagtail.documents import get_document_model

    get_document_model().objects.get(title="Vejledning").delete()


def let_registration_close(events):
    """Nothing is saved: the clock passes the deadline (the sync runs after it, see the test)."""


CHANGES = {
    "an event is created": lambda events: course_day(20),
    "an event is edited": edit,
    "an event is cancelled": cancel,
    "a translation is published": translate,
    "a translation is withdrawn": withdraw_translation,
    "a seat is taken": take_seat,
    "a seat is freed": free_seat,
    "a theme is renamed": lambda events: rename(Theme, "medskabelse", "Making together"),
    "a profession is renamed": lambda events: rename(Profession, "omsorgsmedhjaelper", "Carer"),
    "a target group is renamed": lambda events: rename(TargetGroup, "unge", "Unge mennesker", "da"),
    "a partner is renamed": lambda events: rename(Organisation, "kursusforbundet", "The Learning Union"),
    "a contributor is renamed": rename_contributor,
    "a venue moves": move_venue,
    "an event a resource names is unpublished": unpublish_named_event,
    "an event a resource names is deleted": delete_named_event,
    "an event's image is deleted": delete_image,
    "an event is made private": make_private,
    # The document belongs to the resource that is unpublished next: deleted while it still shows.
    "a resource's document is deleted": delete_document,
    "a resource another names is unpublished": unpublish_named_resource,
    "registration closes with time": let_registration_close,
}


def test_after_each_kind_of_change_the_mirror_equals_a_full_load(client, catalogue, subtests):
    """One mirror follows the changes one after the other, as a partner's does over days: each
    change is a subtest of its own, and a mirror that went wrong is loaded afresh, so one broken
    kind of change does not fail the ones after it. Every change but the last happens within the
    first hours, before the closing event's deadline; the last one is the clock passing it."""
    with time_machine.travel(NOW, tick=False) as clock:
        mirror = Mirror(client)
        before = full_load(client)
        for minute, (change, make_change) in enumerate(CHANGES.items(), start=1):
            with subtests.test(change=change):
                clock.move_to(NOW + dt.timedelta(hours=1, minutes=minute))
                make_change(catalogue)
                if make_change is let_registration_close:
                    clock.move_to(NOW + dt.timedelta(hours=4))
                mirror.sync()
                site = full_load(client)
                try:
                    assert site != before, "the change did not show in the API"
                    assert mirror.records == site
                finally:
                    before = site
                    if mirror.records != site:
                        mirror = Mirror(client)


def test_a_sync_with_nothing_changed_brings_nothing(client, catalogue):
    with time_machine.travel(NOW, tick=False) as clock:
        mirror = Mirror(client)
        clock.move_to(NOW + dt.timedelta(hours=1))
        assert mirror.sync() == {name: [] for name in LISTS}
