"""An order: one booker books one or more participants for an event, and one payer pays for them.

The participants are the events app's registrations (each with its own seat, room and link);
OrderParticipant ties them to the order from billing's side, so the events app knows nothing of
orders. The payer's details are the order's; the invoice copies them when it is issued.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.registration import PayerType


class OrderStatus(models.TextChoices):
    # Every participant is on the waiting list: nothing to invoice yet.
    WAITING = "waiting", _("Waiting list only")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    # Public handle for the booker's links; never the database id.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices)
    # The booker's language is the payer's: the invoice and its e-mail are written in it.
    language = models.CharField(_("language"), max_length=8, default="da")

    booker_name = models.CharField(_("booked by"), max_length=120)
    booker_email = models.EmailField(_("booker's e-mail"), max_length=254)

    # Empty on a free event, where there is nobody to invoice.
    payer_type = models.CharField(_("payer"), max_length=16, choices=PayerType.choices, blank=True)
    payer_name = models.CharField(
        _("payer's name"), max_length=160, blank=True, help_text=_("The person, company or institution.")
    )
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    ean = models.CharField(_("EAN number"), max_length=13, blank=True)
    buyer_order_number = models.CharField(_("order or requisition number"), max_length=60, blank=True)
    person_reference = models.CharField(_("person reference"), max_length=120, blank=True)
    billing_address = models.TextField(_("billing address"), max_length=400, blank=True)

    created_at = models.DateTimeField(_("ordered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return _("Order %(number)s") % {"number": self.number}

    @property
    def number(self) -> str:
        """The order number staff and the booker see (the database id, which is never reused)."""
        return str(self.pk)


class OrderParticipant(models.Model):
    """A registration that belongs to an order. Deleting the registration (an erasure request)
    takes this row with it; an invoice keeps its own copy of what it charged for."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="participants")
    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="billing_order_participant"
    )
    position = models.PositiveSmallIntegerField(_("position in the order"))

    class Meta:
        verbose_name = _("participant in an order")
        verbose_name_plural = _("participants in orders")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="one_participant_per_position")
        ]

    def __str__(self):
        return f"{self.order_id}/{self.position}"
