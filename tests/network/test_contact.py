"""Contact relay: the message reaches the recipient in their language with the sender as Reply-To;
the sender never sees the address; limits and the honeypot hold."""

import pytest

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from network.models import ContactAddress
from people.models import Organisation, Person

pytestmark = pytest.mark.django_db

PRIVATE = "hemmelig.adresse@kommune.example"


@pytest.fixture
def person():
    danish = Person.objects.filter(locale__language_code="da").first()
    ContactAddress.objects.update_or_create(person=danish, defaults={"email": PRIVATE, "language": "en"})
    return danish


def contact_url(snippet, kind="person", language="da"):
    with translation.override(language):
        return reverse("network_contact", args=[kind, snippet.translation_key])


def write(client, url, **fields):
    data = {
        "name": "Karen Østergaard",
        "email": "karen@example.dk",
        "message": "Kan vi tale om jeres metode?",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {**data, **fields})


def test_the_message_is_relayed_in_the_recipients_language_with_reply_to_the_sender(client, person):
    response = write(client, contact_url(person))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [PRIVATE]
    assert message.reply_to == ["karen@example.dk"]
    # The recipient chose English, though the sender wrote from the Danish site.
    assert message.subject == "A message via Innovatarium from Karen Østergaard"
    assert "has written to" in message.body
    assert "Kan vi tale om jeres metode?" in message.body


def test_the_sender_never_sees_the_address(client, person):
    for language in ("da", "en"):
        url = contact_url(person, language=language)
        assert PRIVATE not in client.get(url).content.decode()
        response = write(client, url)
        assert PRIVATE not in client.get(response["Location"]).content.decode()
    invalid = write(client, contact_url(person), email="not-an-address")
    assert invalid.status_code == 200
    assert PRIVATE not in invalid.content.decode()
    # No copy goes to the sender.
    assert all(message.to == [PRIVATE] for message in mail.outbox)


def test_translations_share_the_address(client, person):
    english = Person.objects.get(translation_key=person.translation_key, locale__language_code="en")
    write(client, contact_url(english, language="en"))
    assert mail.outbox[0].to == [PRIVATE]


def test_danish_recipient_gets_danish(client):
    organisation = Organisation.objects.filter(locale__language_code="da").first()
    ContactAddress.objects.update_or_create(
        organisation=organisation, defaults={"email": PRIVATE, "language": "da"}
    )
    write(client, contact_url(organisation, kind="organisation", language="en"))
    assert mail.outbox[0].subject == "En besked via Innovatarium fra Karen Østergaard"


def test_without_a_contact_address_there_is_no_form(client):
    nobody = Person.objects.filter(locale__language_code="da").first()
    ContactAddress.objects.filter(person__translation_key=nobody.translation_key).delete()
    assert client.get(contact_url(nobody)).status_code == 404
    assert client.get(f"/kontakt/robot/{nobody.translation_key}/").status_code == 404


def test_the_per_visitor_limit_holds(client, person, settings):
    settings.CONTACT_POSTS_PER_HOUR = 2
    assert write(client, contact_url(person)).status_code == 302
    assert write(client, contact_url(person)).status_code == 302
    refused = write(client, contact_url(person))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3601
    assert len(mail.outbox) == 2


def test_the_per_recipient_limit_holds(client, person, settings):
    settings.CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY = 1
    assert write(client, contact_url(person)).status_code == 302
    response = write(client, contact_url(person))
    assert response.status_code == 200
    assert "mange beskeder i dag" in response.content.decode()
    assert len(mail.outbox) == 1


def test_honeypot_sends_nothing(client, person):
    assert write(client, contact_url(person), website="http://spam.example").status_code == 302
    assert not mail.outbox


def test_header_injection_and_markup_are_refused(client, person):
    response = write(client, contact_url(person), name="Karen\nBcc: victim@example.dk")
    assert response.status_code == 200
    response = write(client, contact_url(person), name="<b>Karen</b>")
    assert response.status_code == 200
    assert not mail.outbox


# ---- Nobody alone can use up a recipient's daily messages ---------------------------------------------


def write_from(client, url, visitor: str, **fields):
    data = {"name": "Karen Østergaard", "email": "karen@example.dk", "message": "Hej!", **fields}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, REMOTE_ADDR=visitor)


@pytest.mark.parametrize(
    ("language", "refusal"),
    [("da", "Du har allerede skrevet til denne modtager i dag."), ("en", "You have already written to")],
)
def test_one_visitor_cannot_use_up_the_recipients_day(client, person, settings, language, refusal):
    settings.CONTACT_POSTS_PER_HOUR = 100  # the per-hour limit alone would allow 5 an hour
    url = contact_url(person, language=language)
    results = [write_from(client, url, "203.0.113.7").status_code for _message in range(10)]
    assert results == [302, 302] + [200] * 8
    refused = write_from(client, url, "203.0.113.7")
    assert refusal in refused.content.decode()
    # The recipient still hears from everybody else.
    other = write_from(client, url, "198.51.100.9", email="anders@example.dk", name="Anders")
    assert other.status_code == 302
    assert len(mail.outbox) == 3


def test_a_sender_changing_connections_is_counted_by_their_address(client, person, settings):
    url = contact_url(person)
    results = [write_from(client, url, f"198.51.100.{number}").status_code for number in range(1, 5)]
    assert results == [302, 302, 200, 200]
    # karen+spam@ reaches the same inbox and counts as the same sender.
    assert write_from(client, url, "198.51.100.9", email="KAREN+spam@example.dk").status_code == 200
    assert len(mail.outbox) == 2


def test_refused_messages_use_none_of_the_recipients_day(client, person, settings):
    settings.CONTACT_POSTS_PER_HOUR = 100
    settings.CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY = 3
    url = contact_url(person)
    for _message in range(6):
        write_from(client, url, "203.0.113.7")
    assert write_from(client, url, "198.51.100.9", email="anders@example.dk").status_code == 302
    assert len(mail.outbox) == 3


def test_the_sender_limit_fails_closed_without_the_cache(person, monkeypatch):
    from core import ratelimit
    from network.contact import contact_address_for, sender_may_write

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "add", unreachable)
    assert sender_may_write(contact_address_for(person), "203.0.113.7", "karen@example.dk") is False
