"""Webhooks for partners: turn the change log into signed messages and send them, with retries.

- Collecting: after a transaction that wrote change-log rows commits, a task reads the rows no
  earlier collection could see (partner_api.models.WebhookCursor), makes one message per changed
  item for every active webhook that wants its kind, and queues the sends. Many changes of one item
  before its message goes out make one message.
- Sending: a POST with a small JSON body, signed per the Standard Webhooks specification (headers
  webhook-id, webhook-timestamp, webhook-signature), to a public http(s) address only; a 2xx answer
  within WEBHOOK_TIMEOUT_SECONDS is success. Anything else is tried again after each of
  WEBHOOK_RETRY_SECONDS, then the delivery fails and staff can send it again from the admin.
- The scheduled job (`manage.py run_event_jobs`) collects and sends whatever a lost task left
  behind, and deletes deliveries older than WEBHOOK_DELIVERY_DAYS.
"""

import datetime as dt
import http.client
import ipaddress
import json
import logging
import socket
import ssl
from urllib.parse import urlsplit

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from standardwebhooks import Webhook

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from partner_api.changes import SyncMark, listed_model
from partner_api.models import (
    INACTIVE_ERROR,
    DeliveryStatus,
    ListingChange,
    ListingKind,
    WebhookCursor,
    WebhookDelivery,
    WebhookEndpoint,
    new_message_id,
)

logger = logging.getLogger(__name__)

# A send claims its delivery this long; a worker that dies meanwhile leaves it to the next run.
CLAIM_SECONDS = 120
TEST_MESSAGE = "webhook.test"
PATH_NAMES = {
    ListingKind.EVENT: "listings-v1:event_detail",
    ListingKind.RESOURCE: "listings-v1:resource_detail",
}
PATH_ARGUMENTS = {ListingKind.EVENT: "event_id", ListingKind.RESOURCE: "resource_id"}


def retry_seconds() -> tuple[int, ...]:
    return tuple(settings.WEBHOOK_RETRY_SECONDS)


# Collecting ---------------------------------------------------------------------------------------


def changes_committed() -> None:
    """Called when a transaction records changes: collect them once it has committed. A transaction
    that records several changes queues several collections; the first takes them all, the others
    find nothing new."""
    transaction.on_commit(enqueue_collection)


def enqueue_collection() -> None:
    """Without an active webhook there is no one to tell; the scheduled job moves the cursor on."""
    from partner_api.tasks import collect_webhook_messages

    if WebhookEndpoint.objects.filter(is_active=True).exists():
        collect_webhook_messages.enqueue()


# One statement, so that the rows read are exactly those its snapshot sees: the snapshot, the newest
# row, and the rows that the previous collection's snapshot could not see (newer transactions, and
# those running then). Rows of the reader's own transaction count by position instead.
NEW_CHANGES = """
WITH now AS (SELECT pg_current_snapshot() AS snapshot)
SELECT now.snapshot::text, (SELECT COALESCE(MAX(id), 0) FROM {table}), change.kind, change.translation_key
FROM now LEFT JOIN {table} AS change ON %(previous)s::text IS NOT NULL AND (
    (change.transaction_id >= pg_snapshot_xmin(%(previous)s::pg_snapshot)::text::bigint
     AND NOT pg_visible_in_snapshot(change.transaction_id::text::xid8, %(previous)s::pg_snapshot)
     AND change.transaction_id IS DISTINCT FROM %(own)s)
    OR (change.transaction_id = %(own)s AND change.id > %(position)s)
)
"""


def read_new_changes(cursor: WebhookCursor) -> set[tuple[str, str]]:
    """The (kind, item id) changed since the cursor, which moves past them. The first collection
    only sets the cursor: webhooks tell of changes from then on."""
    table = connection.ops.quote_name(ListingChange._meta.db_table)
    with connection.cursor() as db:
        db.execute("SELECT pg_current_xact_id_if_assigned()::text::bigint")
        (own,) = db.fetchone()
        # The table name comes from the model, quoted; the values are parameters.
        db.execute(
            NEW_CHANGES.format(table=table),  # noqa: S608
            {"previous": cursor.snapshot or None, "own": own, "position": cursor.position},
        )
        rows = db.fetchall()
    cursor.snapshot, cursor.position = rows[0][0], rows[0][1]
    return {(kind, str(key)) for _snapshot, _position, kind, key in rows if kind is not None}


def collect() -> list[int]:
    """Turn the changes no collection has seen into messages; the ids of the deliveries to send now.
    Collections take turns (the cursor's row lock)."""
    with transaction.atomic():
        WebhookCursor.objects.get_or_create(pk=1)
        cursor = WebhookCursor.objects.select_for_update().get(pk=1)
        now = timezone.now()
        mark = SyncMark.now(now)
        changed = read_new_changes(cursor)
        cursor.collected_at = now
        cursor.save()
        due = []
        if changed:
            endpoints = list(
                WebhookEndpoint.objects.filter(is_active=True, api_key__is_active=True).select_related(
                    "api_key"
                )
            )
            listed = listed_items(changed)
            for kind, key in sorted(changed):
                payload = item_payload(kind, key, (kind, key) in listed, now, mark)
                due += [
                    queue_message(endpoint, payload, kind=kind, key=key).pk
                    for endpoint in endpoints
                    if kind in endpoint.kinds()
                ]
        transaction.on_commit(lambda: enqueue_sends(due))
    return due


def listed_items(changed: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Those of the changed items that are listed now (in any language); the others are removed."""
    listed = set()
    for kind in {kind for kind, _key in changed}:
        keys = [key for item_kind, key in changed if item_kind == kind]
        pages = listed_model(kind).objects.live().public().filter(translation_key__in=keys)
        listed |= {(kind, str(key)) for key in pages.values_list("translation_key", flat=True)}
    return listed


def item_payload(kind: str, key, is_listed: bool, now: dt.datetime, mark: SyncMark) -> dict:
    """The message about one item: what happened and where to read it, not the record itself."""
    url = reverse(PATH_NAMES[kind], kwargs={PATH_ARGUMENTS[kind]: str(key)})
    return {
        "type": f"{kind}.{'changed' if is_listed else 'removed'}",
        "timestamp": moment_text(now),
        "data": {
            "id": str(key),
            "kind": kind,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url,
            "sync_token": mark.token(),
        },
    }


def moment_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def queue_message(endpoint: WebhookEndpoint, payload: dict, *, kind="", key=None, now_please=False):
    """Queue a message for the endpoint. A message about the same item that is still waiting is
    brought up to date instead (with a new id: its content changed), keeping its place in the retry
    schedule unless `now_please` (staff asked to send it again)."""
    now = timezone.now()
    waiting = None
    if key is not None:
        waiting = (
            WebhookDelivery.objects.select_for_update()
            .filter(endpoint=endpoint, kind=kind, translation_key=key, status=DeliveryStatus.PENDING)
            .first()
        )
    if waiting is None:
        return WebhookDelivery.objects.create(
            endpoint=endpoint,
            message_type=payload["type"],
            kind=kind,
            translation_key=key,
            payload=payload,
            next_attempt_at=now,
        )
    waiting.message_id = new_message_id()
    waiting.message_type = payload["type"]
    waiting.payload = payload
    if now_please:
        waiting.next_attempt_at = now
    waiting.save()
    return waiting


def send_again(delivery: WebhookDelivery) -> WebhookDelivery:
    """Staff's "send again": a new message about the same item, as it is now, sent at once."""
    now = timezone.now()
    if delivery.translation_key is None:
        payload = test_payload(now)
    else:
        is_listed = bool(listed_items({(delivery.kind, str(delivery.translation_key))}))
        payload = item_payload(
            delivery.kind, str(delivery.translation_key), is_listed, now, SyncMark.now(now)
        )
    queued = queue_message(
        delivery.endpoint, payload, kind=delivery.kind, key=delivery.translation_key, now_please=True
    )
    transaction.on_commit(lambda: enqueue_sends([queued.pk]))
    return queued


def test_payload(now: dt.datetime) -> dict:
    return {"type": TEST_MESSAGE, "timestamp": moment_text(now), "data": {}}


def send_test_message(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Staff's "send test event": a message about nothing, to see that the partner receives and verifies."""
    delivery = queue_message(endpoint, test_payload(timezone.now()))
    transaction.on_commit(lambda: enqueue_sends([delivery.pk]))
    return delivery


def enqueue_sends(delivery_ids, run_after: dt.datetime | None = None) -> None:
    """A task per delivery. A backend that cannot wait (tests, development) leaves a later try to
    the scheduled job."""
    from partner_api.tasks import send_webhook_message

    if run_after is not None and not task_backends[DEFAULT_TASK_BACKEND_ALIAS].supports_defer:
        return
    for delivery_id in delivery_ids:
        if run_after is None:
            send_webhook_message.enqueue(delivery_id)
        else:
            send_webhook_message.using(run_after=run_after).enqueue(delivery_id)


# Sending -------------------------------------------------------------------------------------------


class RefusedAddress(Exception):
    """The webhook's host is, or resolves to, an address of our own or a private network."""


def public_addresses(host: str, port: int) -> list[str]:
    """The host's addresses, all of which must be public (SSRF: a partner's address must not reach
    the database, the cache or a cloud's metadata service from inside our network)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"cannot resolve {host}") from error
    addresses = [info[4][0] for info in found]
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                raise RefusedAddress(f"{host} resolves to a non-public address")
    return addresses


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, not to whatever the name resolves to a moment later."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict) -> int:
    """POST to a public address (no redirects followed); the response status."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress("not an http(s) address")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = public_addresses(parts.hostname, port)[0]
    kind = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    conn = kind(parts.hostname, port, address, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        conn.close()


def signed_headers(endpoint: WebhookEndpoint, message_id: str, body: str, moment: dt.datetime) -> dict:
    signature = Webhook(endpoint.secret).sign(message_id, moment.astimezone(dt.UTC), body)
    return {
        "Content-Type": "application/json",
        "User-Agent": "Innovatarium-Webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
    }


def claim(delivery_id: int) -> WebhookDelivery | None:
    """Take a delivery that is due, so that no other task sends it at the same time."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS))
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint__api_key").get(pk=delivery_id)


def send(delivery_id: int) -> str | None:
    """Try to send one delivery if it is due; its status afterwards (None: not due or not found)."""
    delivery = claim(delivery_id)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    now = timezone.now()
    if not (endpoint.is_active and endpoint.api_key.is_active):
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        delivery.last_error = INACTIVE_ERROR
        delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
        return delivery.status
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False)
    status_code, error = None, ""
    try:
        status_code = post(
            endpoint.url, body.encode(), signed_headers(endpoint, delivery.message_id, body, now)
        )
    except RefusedAddress as refused:
        error = str(refused)
    except (OSError, http.client.HTTPException) as failed:
        error = f"{type(failed).__name__}: {failed}"[:200]
    record_attempt(delivery, status_code, error)
    return delivery.status


def record_attempt(delivery: WebhookDelivery, status_code: int | None, error: str) -> None:
    """A 2xx is delivered; anything else waits for its next try, or fails after the last one.

    Written only if the message is still the one that was sent: a collection may have brought it up
    to date while this try was on its way (a new id and content), and that one must go out too."""
    now = timezone.now()
    delays = retry_seconds()
    attempts = delivery.attempts + 1
    outcome = {
        "attempts": attempts,
        "last_status_code": status_code,
        "last_error": error or f"HTTP {status_code}",
    }
    if status_code is not None and 200 <= status_code < 300:
        outcome.update(status=DeliveryStatus.DELIVERED, delivered_at=now, next_attempt_at=None, last_error="")
    elif attempts > len(delays):
        outcome.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
        logger.warning("Webhook message %s failed for good after %d tries", delivery.message_id, attempts)
    else:
        outcome.update(next_attempt_at=now + dt.timedelta(seconds=delays[attempts - 1]))
        logger.info(
            "Webhook message %s failed; next try at %s", delivery.message_id, outcome["next_attempt_at"]
        )
    same_message = WebhookDelivery.objects.filter(pk=delivery.pk, message_id=delivery.message_id)
    if not same_message.update(**outcome):
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            attempts=attempts, last_status_code=status_code, next_attempt_at=now
        )
        enqueue_sends([delivery.pk])
        return
    for field, value in outcome.items():
        setattr(delivery, field, value)
    if delivery.status == DeliveryStatus.PENDING:
        enqueue_sends([delivery.pk], run_after=delivery.next_attempt_at)


def send_due() -> int:
    """Send every delivery whose time has come (tries a task did not make, in tests every retry)."""
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
    return sum(1 for delivery_id in list(due.values_list("pk", flat=True)) if send(delivery_id) is not None)


def delete_old_deliveries(now: dt.datetime | None = None) -> int:
    before = (now or timezone.now()) - dt.timedelta(days=settings.WEBHOOK_DELIVERY_DAYS)
    deleted, _by_model = (
        WebhookDelivery.objects.filter(created_at__lt=before).exclude(status=DeliveryStatus.PENDING).delete()
    )
    return deleted


def run_scheduled_job() -> str:
    """For `manage.py run_event_jobs`: collect, send what is due, delete old deliveries."""
    collected = collect()
    sent = send_due()
    deleted = delete_old_deliveries()
    return f"Webhooks: {len(collected)} message(s) made, {sent} sent, {deleted} old deliveries deleted."
