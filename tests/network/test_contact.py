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
