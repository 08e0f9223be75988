"""What the listings API remembers: every change of a listed item, in commit-safe order, and partner keys."""

import base64
import datetime as dt
import hashlib
import ipaddress
import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ListingKind(models.TextChoices):
    EVENT = "event", _("Event")
    RESOURCE = "resource", _("Resource")


class CurrentTransactionId(models.Func):
    """The id of the transaction that writes the row (PostgreSQL's xid8, which never wraps around)."""

    template = "pg_current_xact_id()::text::bigint"
    output_field = models.BigIntegerField()


class ListingChange(models.Model):
    """One change of one listed item (any of its languages), appended by the transaction that made it.

    Pages alone cannot tell a partner that an event was unpublished or deleted: the page is no longer
    listed, or no longer exists. The log keeps that an item changed; whether the change removed it
    is read when a sync asks (it is gone when no language of it is listed then). It also records
    changes that do not publish a page, such as a registration that takes a seat.

    Rows are only ever inserted, never updated: two transactions that change the same event (two
    registrations, a registration and a publication) never wait for each other here. The writing
    transaction's id lets a sync hand out a cursor that no later commit can fall behind
    (partner_api.changes.SyncMark); the id orders the changes of one transaction.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ListingKind.choices)
    translation_key = models.UUIDField(_("item id"))
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    transaction_id = models.BigIntegerField(
        _("transaction"), db_default=CurrentTransactionId(), editable=False
    )

    class Meta:
        verbose_name = _("listing change")
        verbose_name_plural = _("listing changes")
        indexes = [
            models.Index(fields=["kind", "transaction_id"]),
            models.Index(fields=["kind", "translation_key", "changed_at"]),
            models.Index(fields=["kind", "changed_at"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.translation_key} {self.changed_at:%Y-%m-%d %H:%M}"


class ListingsVersion(models.Model):
    """One row: a number every process reads before it serves a cached listings answer.

    It goes up after every commit that changes what the API shows, so a change made by another
    worker, a management command or the scheduled job retires every process's cached answers at
    once. It lives in the database because the default cache is per process; it is bumped after
    the commit (not inside the writing transaction, which would make two registrations wait for
    each other on this row).
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("listings version")
        verbose_name_plural = _("listings versions")

    def __str__(self):
        return str(self.number)


KEY_PREFIX_LENGTH = 8


def validate_webhook_url(url: str) -> None:
    """Only http(s), and (unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES) no address of our own network
    written as a number or `localhost`. Names are resolved and checked again when sending."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http or https address."))
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return
    host = parts.hostname.rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if host == "localhost" or host.endswith(".localhost") or (address is not None and not address.is_global):
        raise ValidationError(_("Enter a public address: local and private networks are not allowed."))


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    """A partner's key: a higher rate limit, counted per key. Only its hash is stored; staff see it
    once, when it is made."""

    partner_name = models.CharField(
        _("partner"), max_length=160, help_text=_("The organisation using the key.")
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=800,
        help_text=_("What the partner uses the API for. No personal data: write a role, not a name."),
    )
    rate_limit = models.PositiveIntegerField(
        _("rate limit"),
        null=True,
        blank=True,
        help_text=_(
            "Requests this key may make a minute. Empty: the default for partner keys (1200 unless "
            "the operators changed it)."
        ),
    )
    prefix = models.CharField(_("key begins with"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Untick to revoke the key."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["partner_name", "-created_at"]

    def __str__(self):
        return f"{self.partner_name} ({self.prefix}…)"

    def save(self, *args, **kwargs):
        if not self.is_active and self.revoked_at is None:
            self.revoked_at = timezone.now()
        elif self.is_active:
            self.revoked_at = None
        super().save(*args, **kwargs)

    def requests_in_last_30_days(self) -> int:
        since = timezone.localdate() - dt.timedelta(days=29)
        return self.usage.filter(day__gte=since).aggregate(total=models.Sum("requests"))["total"] or 0

    requests_in_last_30_days.short_description = _("requests, last 30 days")

    def issue(self) -> str:
        """Give this key a new secret and return it; the caller shows it once and forgets it."""
        secret = secrets.token_urlsafe(32)
        self.prefix = secret[:KEY_PREFIX_LENGTH]
        self.key_hash = hash_key(secret)
        return secret


class ApiKeyUsage(models.Model):
    """Requests made with a key, per day, for the staff's overview."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(_("day"))
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("API key usage")
        verbose_name_plural = _("API key usage")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["api_key", "day"], name="one_usage_row_per_key_and_day")
        ]

    def __str__(self):
        return f"{self.api_key_id} {self.day}: {self.requests}"


def new_webhook_secret() -> str:
    """A signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    """An address of a partner's (an API key's) that is told when a listed event or resource changes.

    The secret signs every message (partner_api/webhooks.py). It is kept as it is, not hashed: signing
    needs it. Staff see it once, when the endpoint is made; a partner who loses it gets a new endpoint.
    """

    api_key = models.ForeignKey(
        ApiKey, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("API key")
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[validate_webhook_url],
        help_text=_("The partner's https address that receives the messages (POST)."),
    )
    sends_events = models.BooleanField(_("events"), default=True, help_text=_("Changed and removed events."))
    sends_resources = models.BooleanField(
        _("resources"), default=True, help_text=_("Changed and removed library resources.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to stop sending messages to this address.")
    )
    secret = models.CharField(max_length=64, default=new_webhook_secret, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["api_key__partner_name", "url"]

    def __str__(self):
        return f"{self.api_key.partner_name}: {self.url}"

    def clean(self):
        if not (self.sends_events or self.sends_resources):
            raise ValidationError(_("Choose events, resources or both."))

    def kinds(self) -> list[str]:
        return [
            kind
            for kind, wanted in (
                (ListingKind.EVENT, self.sends_events),
                (ListingKind.RESOURCE, self.sends_resources),
            )
            if wanted
        ]


INACTIVE_ERROR = "inactive"
INACTIVE_ERROR_TEXT = _("The webhook or its API key is not active.")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One message to one webhook, and how sending it went. Several changes of one item before the
    message goes out make one message (a pending delivery is brought up to date, not repeated)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    message_id = models.CharField(_("message id"), max_length=40, unique=True, default=new_message_id)
    message_type = models.CharField(_("type"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=ListingKind.choices, blank=True)
    translation_key = models.UUIDField(_("item id"), null=True, blank=True)
    payload = models.JSONField(_("message"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last response"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-created_at"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            # Coalescing: an item has at most one message waiting per webhook.
            models.UniqueConstraint(
                fields=["endpoint", "kind", "translation_key"],
                condition=models.Q(status="pending", translation_key__isnull=False),
                name="one_pending_delivery_per_item_and_webhook",
            )
        ]

    def __str__(self):
        return f"{self.message_type} {self.message_id}"

    def error_display(self) -> str:
        """The last error for staff: a network error or HTTP status as it came, or why nothing was sent."""
        return INACTIVE_ERROR_TEXT if self.last_error == INACTIVE_ERROR else self.last_error


class WebhookCursor(models.Model):
    """How far the change log has been turned into webhook messages: the snapshot the last
    collection read it in (PostgreSQL's pg_snapshot), so that the next one takes exactly the changes
    that snapshot could not see, whatever order their transactions commit in. One row."""

    snapshot = models.TextField(blank=True)
    # The newest log row the collection saw, for rows of its own transaction (only tests write and
    # collect in one).
    position = models.BigIntegerField(default=0)
    collected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook cursor")
        verbose_name_plural = _("webhook cursors")

    def __str__(self):
        return f"{self.snapshot} / {self.position}"
