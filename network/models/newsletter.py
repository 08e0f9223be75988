"""Newsletter subscriptions with double opt-in: a request waits for its confirmation, then subscribes."""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Topics(models.Model):
    """What a subscription is about: events, new material, and themes by their shared slug."""

    wants_events = models.BooleanField(_("events"), default=False)
    wants_resources = models.BooleanField(_("new material"), default=False)
    # Theme slugs are shared by both languages, so one slug follows the theme in either.
    theme_slugs = ArrayField(
        models.SlugField(max_length=80), verbose_name=_("themes"), default=list, blank=True
    )

    class Meta:
        abstract = True


class PendingSubscription(Topics):
    """A sign-up waiting for its confirmation. Nothing but the confirmation is ever sent to it."""

    # The only thing a confirmation link carries: never the address, never the database id.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    source = models.CharField(_("signed up from"), max_length=200)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("unconfirmed sign-up")
        verbose_name_plural = _("unconfirmed sign-ups")
        ordering = ["created_at"]

    def __str__(self):
        return self.email


class SubscriberStatus(models.TextChoices):
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscriber(Topics):
    """A confirmed address, with the consent it gave: when, from which form and in which language."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=16, choices=SubscriberStatus.choices, default=SubscriberStatus.SUBSCRIBED
    )
    consent_at = models.DateTimeField(_("consent given"))
    consent_source = models.CharField(_("consent given on"), max_length=200)
    consent_language = models.CharField(_("consent language"), max_length=8)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-consent_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscriber_per_email")]

    def __str__(self):
        return self.email

    @property
    def is_subscribed(self) -> bool:
        return self.status == SubscriberStatus.SUBSCRIBED

    @property
    def themes_text(self) -> str:
        return ", ".join(self.theme_slugs)


class DigestDelivery(models.Model):
    """One page (an event or a resource, in any language) sent to one subscriber: each goes out once."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    translation_key = models.UUIDField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest item sent")
        verbose_name_plural = _("digest items sent")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "translation_key"], name="one_delivery_per_item")
        ]

    def __str__(self):
        return f"{self.subscriber_id}: {self.translation_key}"
