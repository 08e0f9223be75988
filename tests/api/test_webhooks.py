"""Partner webhooks: a real HTTP receiver on 127.0.0.1 gets signed Standard Webhooks messages when
listed events change, retried with backoff, sent again from the admin; and never to a private
address when that is not allowed."""

import datetime as dt
import io
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from events.models import EventPage
from partner_api import webhooks as webhook_service
from partner_api.models import (
    ApiKey,
    DeliveryStatus,
    ListingChange,
    WebhookDelivery,
    WebhookEndpoint,
    validate_webhook_url,
)
from partner_api.webhooks import collect, delete_old_deliveries, send_due
from tests.api.conftest import NOW, course_day
from tests.library.factories import make_resource

pytestmark = pytest.mark.django_db


class Receiver:
    """A partner's webhook address: verifies each message with its secret, answers the next status
    of `answers` (then 204), and keeps what came."""

    def __init__(self):
        self.answers: list[int] = []
        self.secret = ""
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers.items())
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                except WebhookVerificationError:
                    payload = None
                receiver.received.append({"headers": headers, "body": body, "payload": payload})
                self.send_response(receiver.answers.pop(0) if receiver.answers else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/innovatarium"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def types(self) -> list[str]:
        return [message["payload"]["type"] for message in self.received]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def unpublish_everywhere(event) -> None:
    for page in EventPage.objects.filter(translation_key=event.translation_key):
        page.unpublish()


def make_webhook(url: str, *, key_active=True, **fields) -> WebhookEndpoint:
    key = ApiKey(partner_name="Kursusforbundet", is_active=key_active)
    key.issue()
    key.save()
    return WebhookEndpoint.objects.create(api_key=key, url=url, **fields)


@pytest.fixture
def webhook(index, receiver):
    endpoint = make_webhook(receiver.url, sends_resources=False)
    receiver.secret = endpoint.secret
    collect()  # the first collection only places the cursor: messages tell of changes from here on
    return endpoint


def test_publishing_and_unpublishing_send_one_signed_message_each(
    client, webhook, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = course_day(1)  # Danish and English published, several changes: one message
        event.title = "Kursusdag, rettet"
        event.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_everywhere(event)

    assert receiver.types() == ["event.changed", "event.removed"]
    first = receiver.received[0]
    assert first["payload"]["data"] == {
        "id": str(event.translation_key),
        "kind": "event",
        "url": f"http://testserver/api/listings/v1/events/{event.translation_key}",
        "sync_token": first["payload"]["data"]["sync_token"],
    }
    assert first["payload"]["timestamp"] == "2026-11-26T11:00:00Z"
    assert first["headers"]["webhook-timestamp"] == str(int(NOW.timestamp()))
    assert first["headers"]["webhook-signature"].startswith("v1,")
    assert first["headers"]["Content-Type"] == "application/json"
    assert len({message["headers"]["webhook-id"] for message in receiver.received}) == 2
    message = client.get("/api/listings/v1/openapi.json").json()["webhooks"]["listingChanged"]["post"]
    assert set(receiver.types()) <= set(
        message["requestBody"]["content"]["application/json"]["schema"]["properties"]["type"]["enum"]
    )
    deliveries = WebhookDelivery.objects.filter(endpoint=webhook)
    assert [(d.status, d.attempts, d.last_status_code) for d in deliveries] == [("delivered", 1, 204)] * 2


def later(timestamp: str) -> str:
    return str(int(timestamp) + 1)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda body, headers: (body.replace(b"changed", b"removed"), headers), id="body"),
        pytest.param(lambda body, headers: (body, {**headers, "webhook-id": "msg_other"}), id="message id"),
        pytest.param(
            lambda body, headers: (
                body,
                {**headers, "webhook-timestamp": later(headers["webhook-timestamp"])},
            ),
            id="timestamp",
        ),
        pytest.param(
            lambda body, headers: (body, {**headers, "webhook-signature": "v1," + "A" * 44}), id="signature"
        ),
    ],
)
def test_a_tampered_message_fails_verification(webhook, receiver, django_capture_on_commit_callbacks, tamper):
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    (message,) = receiver.received
    assert message["payload"]["type"] == "event.changed"  # verified as it came
    body, headers = tamper(message["body"], message["headers"])
    with pytest.raises(WebhookVerificationError):
        Webhook(webhook.secret).verify(body, headers)


def test_a_failing_receiver_gets_the_message_again_later_with_backoff(
    webhook, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_SECONDS = (60, 300)
    receiver.answers = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    delivery = WebhookDelivery.objects.get(endpoint=webhook)

    def state():
        delivery.refresh_from_db()
        return (delivery.status, delivery.attempts, delivery.last_status_code, delivery.next_attempt_at)

    states = [state()]
    for minutes in (0, 1, 5, 6):  # due after 1 minute, then 5 more
        with time_machine.travel(NOW + dt.timedelta(minutes=minutes, seconds=1), tick=False):
            send_due()
        states.append(state())

    one_minute_on = NOW + dt.timedelta(minutes=1)
    six_minutes_on = NOW + dt.timedelta(minutes=6, seconds=1)
    assert states == [
        ("pending", 1, 500, one_minute_on),
        ("pending", 1, 500, one_minute_on),
        ("pending", 2, 503, six_minutes_on),
        ("pending", 2, 503, six_minutes_on),
        ("delivered", 3, 204, None),
    ]
    assert len({message["headers"]["webhook-id"] for message in receiver.received}) == 1
    assert all(message["payload"] for message in receiver.received)


def test_after_the_last_try_the_delivery_fails(
    webhook, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_SECONDS = (60,)
    receiver.answers = [500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        send_due()
    delivery = WebhookDelivery.objects.get(endpoint=webhook)
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 2, None)


def test_changes_while_a_message_waits_make_one_message(
    webhook, receiver, settings, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        event = course_day(1)
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_everywhere(event)
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        send_due()
    assert receiver.types() == ["event.changed", "event.removed"]
    assert WebhookDelivery.objects.filter(endpoint=webhook).count() == 1


def test_a_message_brought_up_to_date_while_it_is_sent_goes_out_again(
    webhook, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    """A collection merges a removal into the waiting message while its try is on the wire: the
    try's success must not mark the newer content delivered."""
    post, merged = webhook_service.post, []

    def post_while_a_collection_merges(url, body, headers):
        status = post(url, body, headers)
        if not merged:
            delivery = WebhookDelivery.objects.get(endpoint=webhook)
            removed = {**delivery.payload, "type": "event.removed"}
            merged.append(
                webhook_service.queue_message(webhook, removed, kind="event", key=delivery.translation_key)
            )
        return status

    monkeypatch.setattr(webhook_service, "post", post_while_a_collection_merges)
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    delivery = WebhookDelivery.objects.get(endpoint=webhook)
    assert receiver.types() == ["event.changed", "event.removed"]
    assert (delivery.status, delivery.message_id) == ("delivered", merged[0].message_id)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        pytest.param({"sends_events": True, "sends_resources": True}, ["event", "resource"], id="both"),
        pytest.param({"sends_events": True, "sends_resources": False}, ["event"], id="events"),
        pytest.param({"sends_events": False, "sends_resources": True}, ["resource"], id="resources"),
    ],
)
def test_a_webhook_is_told_of_the_kinds_it_asked_for(
    index, receiver, django_capture_on_commit_callbacks, kinds, expected
):
    endpoint = make_webhook(receiver.url, **kinds)
    receiver.secret = endpoint.secret
    collect()
    with django_capture_on_commit_callbacks(execute=True):
        event, resource = course_day(1), make_resource()
    ids = {"event": event.translation_key, "resource": resource.translation_key}
    assert receiver.types() == [f"{kind}.changed" for kind in expected]
    assert [message["payload"]["data"]["url"] for message in receiver.received] == [
        f"http://testserver/api/listings/v1/{kind}s/{ids[kind]}" for kind in expected
    ]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"is_active": False}, id="inactive webhook"),
        pytest.param({"key_active": False}, id="revoked key"),
        pytest.param({"sends_events": False}, id="resources only"),
    ],
)
def test_no_message_to_an_inactive_webhook_or_for_a_kind_not_asked_for(
    index, receiver, django_capture_on_commit_callbacks, fields
):
    make_webhook("http://127.0.0.1:9/never", **{"sends_resources": True, **fields})
    subscribed = make_webhook(receiver.url, sends_resources=False)  # so that changes are collected at all
    receiver.secret = subscribed.secret
    collect()
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    assert receiver.types() == ["event.changed"]
    assert WebhookDelivery.objects.exclude(endpoint=subscribed).count() == 0


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://partner.example.org/hooks", True),
        ("http://partner.example.org:8080/hooks?x=1", True),
        ("https://93.184.215.14/hooks", True),
        ("ftp://partner.example.org/hooks", False),
        ("http://127.0.0.1:8000/hooks", False),
        ("http://localhost/hooks", False),
        ("http://10.1.2.3/hooks", False),
        ("http://192.168.1.1/hooks", False),
        ("http://169.254.169.254/latest/meta-data", False),
        ("http://[::1]/hooks", False),
        ("http://[fd00::1]/hooks", False),
    ],
)
def test_only_public_http_addresses_are_taken(settings, url, allowed):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    if allowed:
        validate_webhook_url(url)
    else:
        with pytest.raises(ValidationError):
            validate_webhook_url(url)


def test_a_private_address_is_refused_when_sending(
    webhook, receiver, settings, django_capture_on_commit_callbacks
):
    """An address that passed the form (a name that resolves privately, or a setting changed since)
    is checked again when the message is sent."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    delivery = WebhookDelivery.objects.get(endpoint=webhook)
    assert receiver.received == []
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert "non-public" in delivery.last_error


def test_old_deliveries_are_deleted_after_30_days(webhook):
    def delivery(days_old, status):
        return WebhookDelivery.objects.create(
            endpoint=webhook,
            message_type="webhook.test",
            payload={},
            status=status,
            created_at=NOW - dt.timedelta(days=days_old),
        )

    kept = [delivery(29, DeliveryStatus.DELIVERED), delivery(31, DeliveryStatus.PENDING)]
    delivery(31, DeliveryStatus.DELIVERED)
    delivery(45, DeliveryStatus.FAILED)
    assert delete_old_deliveries() == 2
    assert list(WebhookDelivery.objects.order_by("pk")) == kept


def test_the_scheduled_job_sends_what_is_due(webhook, receiver, django_capture_on_commit_callbacks):
    """Where a backend cannot wait (development, tests) and after a lost task: run_event_jobs sends."""
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    output = io.StringIO()
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        call_command("run_event_jobs", stdout=output)
    assert "Webhooks: 0 message(s) made, 1 sent, 0 old deliveries deleted." in output.getvalue()
    assert WebhookDelivery.objects.get(endpoint=webhook).status == DeliveryStatus.DELIVERED


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("staff", "staff@example.org", "pw"))
    return client


def test_staff_create_a_webhook_and_see_its_secret_once_and_not_in_a_cookie(staff, index):
    key = ApiKey(partner_name="FOA")
    key.issue()
    key.save()
    response = staff.post(
        reverse("webhooks:add"),
        {"api_key": key.pk, "url": "https://foa.example.org/hooks", "sends_events": "on", "is_active": "on"},
    )
    webhook = WebhookEndpoint.objects.get()
    assert response.status_code == 200
    assert webhook.secret.startswith("whsec_")
    assert webhook.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert all(webhook.secret not in morsel.value for morsel in response.cookies.values())
    assert webhook.secret not in staff.get(reverse("webhooks:edit", args=[webhook.pk])).content.decode()


def test_staff_send_a_test_event_and_a_delivery_again(
    staff, webhook, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        event = course_day(1)
    delivery = WebhookDelivery.objects.get(endpoint=webhook)
    log = staff.get(reverse("webhooks:deliveries", args=[webhook.pk])).content.decode()
    assert "event.changed" in log and "500" in log

    assert staff.get(reverse("webhooks:send_again", args=[delivery.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("webhooks:send_again", args=[delivery.pk]))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("webhooks:send_test", args=[webhook.pk]))

    assert receiver.types() == ["event.changed", "event.changed", "webhook.test"]
    assert receiver.received[1]["payload"]["data"]["id"] == str(event.translation_key)
    statuses = dict(WebhookDelivery.objects.values_list("message_type", "status"))
    assert statuses == {"event.changed": "delivered", "webhook.test": "delivered"}


def test_the_message_body_is_what_was_signed(webhook, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        course_day(1)
    (message,) = receiver.received
    assert json.loads(message["body"]) == message["payload"]


def in_thread(work, *, done: threading.Event | None = None) -> threading.Thread:
    """Run `work` on a connection of its own (it sees only what has committed), closed afterwards."""

    def run():
        try:
            work()
        finally:
            connection.close()
            if done:
                done.set()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_change_that_commits_while_a_collection_runs_comes_in_the_next(webhook):
    """The slow change is written first (a lower id) and commits after the quick one and after a
    collection: a cursor that kept the newest id seen would skip it for good. Each comes once."""
    slow_key, quick_key = uuid.uuid4(), uuid.uuid4()
    written, release = threading.Event(), threading.Event()

    def write_slowly():
        with transaction.atomic():
            ListingChange.objects.create(kind="event", translation_key=slow_key)
            written.set()
            assert release.wait(30)

    def collected() -> set:
        return set(WebhookDelivery.objects.filter(pk__in=collect()).values_list("translation_key", flat=True))

    try:
        slow = in_thread(write_slowly)
        assert written.wait(30)
        in_thread(lambda: ListingChange.objects.create(kind="event", translation_key=quick_key)).join(30)
        first = collected()
        release.set()
        slow.join(30)
        runs = [first, collected(), collected()]
    finally:
        release.set()
        keys = [slow_key, quick_key]
        in_thread(lambda: ListingChange.objects.filter(translation_key__in=keys).delete()).join(30)
    assert runs == [{quick_key}, {slow_key}, set()]
