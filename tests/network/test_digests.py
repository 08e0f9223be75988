"""Theme digests: new events and resources in the subscriber's topics, language and themes, each
item once, nothing when there is nothing new, nothing to anyone who has not confirmed."""

import datetime as dt

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from network.models import PendingSubscription, SubscriberStatus
from taxonomy.models import Theme
from tests.events.factories import make_event, translate_event
from tests.library.factories import make_resource, translate_resource
from tests.network.factories import make_subscriber

pytestmark = pytest.mark.django_db


def theme(slug):
    return Theme.objects.get(slug=slug, locale__language_code="da")


def soon(days=10):
    start = timezone.now() + dt.timedelta(days=days)
    return {"start": start, "end": start + dt.timedelta(hours=5)}


def run():
    call_command("send_theme_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_theme_follower_gets_new_events_and_resources_in_that_theme_only():
    make_subscriber(theme_slugs=["inklusion"])
    make_event(title="Inklusion i praksis", themes=[theme("inklusion")], **soon())
    make_event(title="Velfærdsteknologi i hjemmeplejen", themes=[theme("velfaerdsteknologi")], **soon())
    make_resource(title="Metode til inkluderende møder", themes=[theme("inklusion")])
    run()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Inklusion i praksis" in body
    assert "Metode til inkluderende møder" in body
    assert "Velfærdsteknologi" not in body
    assert mail.outbox[0].subject == "Nyt fra Innovatarium i de emner, du følger"


def test_each_item_is_sent_once_and_empty_digests_are_not_sent():
    make_subscriber(theme_slugs=["inklusion"])
    make_event(title="Inklusion i praksis", themes=[theme("inklusion")], **soon())
    run()
    run()
    assert len(mail.outbox) == 1
    make_resource(title="Ny guide om inklusion", themes=[theme("inklusion")])
    run()
    assert len(mail.outbox) == 2
    assert "Ny guide om inklusion" in mail.outbox[1].body
    assert "Inklusion i praksis" not in mail.outbox[1].body


def test_digest_is_in_the_subscribers_language_with_one_click_unsubscribe():
    subscriber = make_subscriber(language="en", wants_events=True)
    event = make_event(title="Samskabelse på tværs", **soon())
    translate_event(event, title="Co-creation across professions", slug="co-creation-across")
    resource = make_resource(title="Kun på dansk")
    translate_resource(resource, title="English only title")
    run()
    message = mail.outbox[0]
    assert message.subject == "New at Innovatarium in the topics you follow"
    assert "Co-creation across professions" in message.body
    assert "Samskabelse på tværs" not in message.body
    assert "/en/" in message.body
    # Only events were chosen, not resources.
    assert "English only title" not in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/en/newsletter/unsubscribe/")
    assert subscriber.email not in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body


def test_a_danish_page_without_translation_reaches_an_english_subscriber_in_danish():
    make_subscriber(language="en", wants_resources=True)
    make_resource(title="Kun på dansk")
    run()
    assert "Kun på dansk" in mail.outbox[0].body


def test_past_events_and_pages_older_than_the_consent_are_left_out():
    old = make_event(title="Gammel nyhed", **soon())
    make_subscriber(wants_events=True, consent_at=timezone.now())
    assert old.first_published_at < timezone.now()
    past = timezone.now() - dt.timedelta(days=2)
    make_event(title="Allerede afholdt", start=past, end=past + dt.timedelta(hours=2))
    run()
    assert not mail.outbox


def test_nothing_goes_to_unconfirmed_or_unsubscribed_addresses():
    PendingSubscription.objects.create(
        email="pending@example.dk", language="da", source="unknown", wants_events=True
    )
    make_subscriber(email="gone@example.dk", wants_events=True, status=SubscriberStatus.UNSUBSCRIBED)
    make_event(title="Nyt arrangement", **soon())
    run()
    assert not mail.outbox
