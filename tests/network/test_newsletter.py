"""Newsletter sign-up with double opt-in: only the confirmation goes to an unconfirmed address,
links are signed, opaque and expire, and unsubscribing works without logging in."""

import datetime as dt
import re

import pytest
import time_machine

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from network.models import PendingSubscription, Subscriber, SubscriberStatus
from network.newsletter import purge_newsletter_data
from network.tokens import unsubscribe_token
from taxonomy.models import Theme
from tests.network.factories import make_subscriber

pytestmark = pytest.mark.django_db

ADDRESS = "karen@example.dk"


def signup_url(language="da"):
    with translation.override(language):
        return reverse("newsletter_signup")


def sign_up(client, language="da", **data):
    fields = {"email": ADDRESS, "topics": ["events"], "source": "footer:/arrangementer/", **data}
    # E-mails are queued when the transaction commits; the test's transaction never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(signup_url(language), fields)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def confirm(client, message):
    path = link_in(message).removeprefix("http://testserver")
    return client.post(path)


def test_sign_up_sends_only_a_confirmation_and_subscribes_nobody(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/nyhedsbrev/?sent=1"
    assert [message.to for message in mail.outbox] == [[ADDRESS]]
    assert mail.outbox[0].subject == "Bekræft venligst dit abonnement på nyhedsbrevet"
    assert not Subscriber.objects.exists()
    pending = PendingSubscription.objects.get()
    assert pending.source == "footer:/arrangementer/"
    assert pending.language == "da"


def test_confirmation_link_is_opaque_and_subscribes_with_the_consent_recorded(client):
    sign_up(client, language="en", themes=[], topics=["events", "resources"])
    link = link_in(mail.outbox[0])
    assert ADDRESS not in link and "karen" not in link
    assert link.startswith("http://testserver/en/newsletter/confirm/")
    # Opening the link (as a mail scanner does) shows a button and subscribes nobody.
    assert client.get(link.removeprefix("http://testserver")).status_code == 200
    assert not Subscriber.objects.exists()

    before = timezone.now()
    response = confirm(client, mail.outbox[0])
    assert response["Location"] == "/en/newsletter/?confirmed=1"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == ADDRESS
    assert subscriber.status == SubscriberStatus.SUBSCRIBED
    assert subscriber.wants_events and subscriber.wants_resources
    assert subscriber.consent_at >= before
    assert subscriber.consent_source == "footer:/arrangementer/"
    assert subscriber.consent_language == "en"
    assert not PendingSubscription.objects.exists()
    # The link is used up.
    assert confirm(client, mail.outbox[0]).status_code == 404


def test_a_tampered_token_does_not_confirm(client):
    sign_up(client)
    path = link_in(mail.outbox[0]).removeprefix("http://testserver")
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    response = client.post(path.replace(token, forged))
    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_confirmation_link_expires_after_seven_days(client):
    with time_machine.travel(timezone.now() - dt.timedelta(days=8), tick=False):
        sign_up(client)
    assert confirm(client, mail.outbox[0]).status_code == 404
    assert not Subscriber.objects.exists()


def test_confirmation_link_still_works_within_seven_days(client):
    with time_machine.travel(timezone.now() - dt.timedelta(days=6), tick=False):
        sign_up(client)
    assert confirm(client, mail.outbox[0]).status_code == 302
    assert Subscriber.objects.filter(email=ADDRESS).exists()


def test_signing_up_again_changes_nothing_until_confirmed(client):
    sign_up(client, topics=["events"])
    confirm(client, mail.outbox[0])
    mail.outbox.clear()
    # A stranger asks for other topics with the same address: only a confirmation goes out.
    sign_up(client, topics=["resources"])
    assert len(mail.outbox) == 1
    subscriber = Subscriber.objects.get()
    assert subscriber.wants_events and not subscriber.wants_resources


def test_the_form_asks_for_a_topic_and_a_valid_address(client):
    response = sign_up(client, topics=[], email="not-an-address")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ret venligst de markerede felter herunder." in body
    assert not mail.outbox
    response = sign_up(client, topics=[])
    assert "Vælg mindst ét emne." in response.content.decode()
    assert not mail.outbox


def test_nul_byte_and_unknown_theme_are_form_errors_not_500(client):
    response = sign_up(client, email="karen\x00@example.dk")
    assert response.status_code == 200
    response = sign_up(client, topics=[], themes=["no-such-theme\x00"])
    assert response.status_code == 200
    assert not mail.outbox


def test_a_made_up_source_is_recorded_as_unknown(client):
    sign_up(client, source="javascript:alert(1)")
    assert PendingSubscription.objects.get().source == "unknown"


def test_honeypot_stores_and_sends_nothing(client):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 302
    assert not mail.outbox
    assert not PendingSubscription.objects.exists()


def test_rate_limit_holds(client, settings):
    settings.NEWSLETTER_POSTS_PER_HOUR = 2
    assert sign_up(client).status_code == 302
    assert sign_up(client).status_code == 302
    response = sign_up(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3601
    assert len(mail.outbox) == 2


def test_theme_choices_in_the_visitors_language(client):
    danish = Theme.objects.filter(locale__language_code="da").first()
    english = Theme.objects.get(translation_key=danish.translation_key, locale__language_code="en")
    assert english is not None and english.name != danish.name
    body_da = client.get(signup_url("da")).content.decode()
    body_en = client.get(signup_url("en")).content.decode()
    assert danish.name in body_da and english.name not in body_da
    assert english.name in body_en
    sign_up(client, topics=[], themes=[danish.slug])
    assert PendingSubscription.objects.get().theme_slugs == [danish.slug]


def test_footer_form_is_on_every_page_and_records_where_it_was(client, site_pages):
    response = client.get(site_pages["da"]["home"].url)
    body = response.content.decode()
    assert 'action="/nyhedsbrev/"' in body
    assert 'name="source" value="footer:/"' in body
    english = client.get(site_pages["en"]["home"].url).content.decode()
    assert 'action="/en/newsletter/"' in english


def subscribe(email=ADDRESS, language="da") -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        language=language,
        wants_events=True,
        consent_at=timezone.now(),
        consent_source="page:/nyhedsbrev/",
        consent_language=language,
    )


def test_unsubscribe_in_one_click_without_logging_in(client):
    subscriber = subscribe()
    with translation.override("da"):
        path = reverse("newsletter_unsubscribe", args=[unsubscribe_token(subscriber)])
    page = client.get(path)
    assert page.status_code == 200
    assert "Afmeld" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_subscribed  # opening the page changes nothing
    # The one-click POST a mail program sends (RFC 8058): no cookie, no CSRF token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert not subscriber.wants_events
    assert subscriber.unsubscribed_at is not None


def test_unsubscribe_with_a_forged_token_is_refused(client):
    subscribe()
    with translation.override("da"):
        path = reverse("newsletter_unsubscribe", args=["0" * 32 + ":forged"])
    assert client.post(path).status_code == 404
    assert Subscriber.objects.get().is_subscribed


def test_purge_removes_expired_sign_ups_and_old_withdrawals():
    with time_machine.travel(timezone.now() - dt.timedelta(days=40), tick=False):
        PendingSubscription.objects.create(email="old@example.dk", language="da", source="unknown")
        old = subscribe("gone@example.dk")
        old.status = SubscriberStatus.UNSUBSCRIBED
        old.unsubscribed_at = timezone.now()
        old.save()
    PendingSubscription.objects.create(email="new@example.dk", language="da", source="unknown")
    subscribe("stays@example.dk")
    assert purge_newsletter_data() == {"pending": 1, "unsubscribed": 1}
    assert list(PendingSubscription.objects.values_list("email", flat=True)) == ["new@example.dk"]
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["stays@example.dk"]


def test_staff_export_lists_subscribers_with_their_consent(admin_client):
    subscribe()
    response = admin_client.get(reverse("newsletter_subscribers:index") + "?export=csv")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    )
    assert ADDRESS in content
    assert "page:/nyhedsbrev/" in content
    # Nobody adds an address by hand: consent comes only from its owner.
    assert admin_client.get(reverse("newsletter_subscribers:add")).status_code in (302, 403)


def test_the_subscriber_export_opens_in_danish_excel(admin_client):
    make_subscriber(email="søren.ærø@example.dk", wants_events=True)
    response = admin_client.get(
        reverse("newsletter_subscribers:index") + "?export=csv", HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 only behind a byte order mark
    header, row = response.content.decode("utf-8-sig").splitlines()
    assert header.startswith("E-mail;")  # the list separator of Danish Excel
    assert row.startswith("søren.ærø@example.dk;")
    assert ";Ja;" in row  # wants events, in the user's language


@pytest.mark.parametrize(
    ("language", "heading"), [("da", "Formularen kunne ikke sendes"), ("en", "The form could not be sent")]
)
def test_a_sign_up_posted_from_another_site_is_refused_and_nothing_is_sent(client, language, heading):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            signup_url(language), {"email": ADDRESS, "topics": ["events"]}, HTTP_ORIGIN="https://evil.example"
        )
    assert response.status_code == 403
    assert heading in response.content.decode()
    assert not PendingSubscription.objects.exists()
    assert mail.outbox == []


def test_a_sign_up_from_the_site_itself_passes_the_origin_check(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            signup_url(), {"email": ADDRESS, "topics": ["events"]}, HTTP_ORIGIN="http://testserver"
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1


# ---- One address cannot be flooded with confirmations -----------------------------------------------


def test_one_address_gets_at_most_three_confirmations_a_day_whoever_asks(client, settings):
    settings.NEWSLETTER_POSTS_PER_HOUR = 100
    spellings = [ADDRESS, ADDRESS.upper(), " karen@example.dk", "karen+nyt@example.dk", ADDRESS, ADDRESS]
    answers = []
    for number, spelling in enumerate(spellings):
        # From a new connection each time: the per-visitor limit is no help here.
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(
                signup_url(),
                {"email": spelling, "topics": ["events"], "source": "footer:/"},
                REMOTE_ADDR=f"198.51.100.{number + 1}",
            )
        answers.append((response.status_code, response["Location"]))
    assert len(mail.outbox) == 3
    assert PendingSubscription.objects.count() == 3
    # Every visitor got the same answer: nothing tells that the address was asked for before.
    assert set(answers) == {(302, "/nyhedsbrev/?sent=1")}
    # Another address is not affected.
    sign_up(client, email="anders@example.dk")
    assert mail.outbox[-1].to == ["anders@example.dk"] and len(mail.outbox) == 4


def test_the_next_day_the_address_may_be_asked_again(client, settings):
    settings.NEWSLETTER_POSTS_PER_HOUR = 100
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        for _attempt in range(4):
            sign_up(client)
    assert len(mail.outbox) == 3
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False):
        sign_up(client)
    assert len(mail.outbox) == 4


def test_no_confirmation_goes_out_while_the_cache_cannot_count(monkeypatch):
    from core import ratelimit
    from network.newsletter import TopicChoice, request_subscription

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "add", unreachable)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert request_subscription(ADDRESS, TopicChoice(events=True), "da", "page:/") is None
    assert not mail.outbox and not PendingSubscription.objects.exists()
