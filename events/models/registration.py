"""Registrations for events, with the invoice details the bookkeeper needs, and the groups their
fields belong to (what the visitor types, what staff edit and export, what retention erases when)."""

import enum
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Offered a seat")
    CANCELLED = "cancelled", _("Registration cancelled")
    EXPIRED = "expired", _("Offer expired")


# Statuses that hold a seat: a confirmed participant, or one whose seat offer is still open.
SEAT_HOLDING = [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED]
ACTIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITING]


class PayerType(models.TextChoices):
    PRIVATE = "private", _("Private person")
    COMPANY = "company", _("Company (CVR)")
    PUBLIC = "public", _("Public institution (EAN)")


class Registration(models.Model):
    # Public handle used in signed links; never the database id, never personal data.
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    language = models.CharField(_("language"), max_length=8, default="da")
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    workplace = models.CharField(_("workplace"), max_length=160, blank=True)
    profession = models.CharField(_("profession"), max_length=120, blank=True)

    # The price as it was when the person registered: the editor may change prices later.
    price_option_id = models.CharField(_("price option"), max_length=64)
    price_label = models.CharField(_("price"), max_length=80)
    price_amount = models.DecimalField(_("amount (DKK)"), max_digits=9, decimal_places=2)
    vat_rate = models.CharField(_("VAT"), max_length=8)
    vat_exempt_reason = models.CharField(_("reason for VAT exemption"), max_length=160, blank=True)
    accommodation_price_per_night = models.DecimalField(
        _("accommodation per night (DKK)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # Registrations made before accommodation had its own VAT setting were all at 25 %.
    accommodation_vat_rate = models.CharField(_("VAT on accommodation"), max_length=8, default="25")

    payer_type = models.CharField(_("payer"), max_length=16, choices=PayerType.choices)
    organisation_name = models.CharField(_("organisation"), max_length=160, blank=True)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    ean = models.CharField(_("EAN number"), max_length=13, blank=True)
    order_number = models.CharField(_("order or requisition number"), max_length=60, blank=True)
    person_reference = models.CharField(_("person reference"), max_length=120, blank=True)
    billing_address = models.TextField(_("billing address"), max_length=400, blank=True)

    # Can be health data: deleted soonest (see the retention settings).
    dietary_needs = models.TextField(_("dietary needs"), max_length=500, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=500, blank=True)

    # "Who is coming": shown to the other consenting participants only, never publicly (issue 7).
    shares_with_participants = models.BooleanField(
        _("shows name, profession and workplace to the other participants"), default=False
    )
    shares_with_participants_at = models.DateTimeField(_("agreed to be shown"), null=True, blank=True)
    networking_list_sent_at = models.DateTimeField(_("networking list sent"), null=True, blank=True)

    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    accepted_terms_at = models.DateTimeField(_("accepted terms"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per person and event, enforced by the database itself.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=models.Q(status__in=ACTIVE),
                name="one_active_registration_per_email_and_event",
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.name} – {self.event.title}"

    @property
    def log_title(self) -> str:
        """The label of this registration's entries in the audit log: never the person's name, which
        retention erases from the registration but could not erase from the log."""
        return f"#{self.pk} · {self.event.title}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    @property
    def nights(self) -> list:
        return [night.night for night in self.booked_nights.all()]

    def total_price(self) -> Decimal:
        accommodation = (self.accommodation_price_per_night or Decimal("0")) * len(self.nights)
        return self.price_amount + accommodation


class RegistrationNight(models.Model):
    """A night of accommodation booked with a registration; rooms per night are counted from these."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="booked_nights")
    night = models.DateField(_("night"))

    class Meta:
        verbose_name = _("booked night")
        verbose_name_plural = _("booked nights")
        constraints = [
            models.UniqueConstraint(fields=["registration", "night"], name="one_booking_per_night")
        ]
        ordering = ["night"]

    def __str__(self):
        return f"{self.registration_id}: {self.night:%Y-%m-%d}"


class Retention(enum.IntEnum):
    """When a group of fields is erased; each later step erases the earlier steps' groups too
    (the periods are in docs/privacy.md and the REGISTRATION_RETENTION setting)."""

    NOTES = 1  # 30 days after the event: notes that can be health data
    PEOPLE = 2  # 12 months after the event, or at once on the person's request
    INVOICE = 3  # 5 years after the event: what bookkeeping law needs until then


@dataclass(frozen=True)
class FieldGroup:
    """Fields of a registration that are handled alike. Booking, anonymisation, the personal-data
    export, the admin's edit form and the bookkeeper's export all read these groups, so a new field
    is handled everywhere once it is put in a group (a test fails while it is in none)."""

    key: str
    heading: Promise
    fields: tuple[str, ...]
    # Typed by the visitor in the registration form; booking copies them from the Applicant.
    entered_by_visitor: bool = False
    # Staff may correct them in the admin (the rest changes only through the services).
    edited_by_staff: bool = False
    # Columns of the bookkeeper's export, with computed columns placed after a field.
    in_staff_export: bool = False
    computed_after: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Erased at this retention step; `kept` fields say nothing about the person and stay.
    erased_at: Retention | None = None
    kept: tuple[str, ...] = ()

    def staff_export_columns(self) -> list[str]:
        return [column for name in self.fields for column in (name, *self.computed_after.get(name, ()))]


# Who pays and how they are invoiced: asked only on a paid event, one set for a whole order.
PAYER_FIELDS = (
    "payer_type",
    "organisation_name",
    "cvr",
    "ean",
    "order_number",
    "person_reference",
    "billing_address",
)

REGISTRATION_FIELD_GROUPS = (
    FieldGroup(
        "booking",
        _("Booking"),
        ("id", "event", "status", "created_at", "confirmed_at", "cancelled_at", "checked_in_at"),
        in_staff_export=True,
        computed_after={"event": ("event_start",)},
    ),
    FieldGroup(
        "applicant",
        _("Participant"),
        ("name", "email", "phone", "workplace", "profession", "language"),
        entered_by_visitor=True,
        edited_by_staff=True,
        in_staff_export=True,
        erased_at=Retention.PEOPLE,
        kept=("language",),
    ),
    FieldGroup(
        "price",
        _("Price"),
        (
            "price_label",
            "price_amount",
            "vat_rate",
            "vat_exempt_reason",
            "accommodation_price_per_night",
            "accommodation_vat_rate",
        ),
        in_staff_export=True,
        computed_after={
            "accommodation_vat_rate": (
                "accommodation_nights",
                "nights",
                "accommodation_price",
                "total",
            )
        },
    ),
    FieldGroup(
        "invoice",
        _("Invoice"),
        PAYER_FIELDS,
        entered_by_visitor=True,
        edited_by_staff=True,
        in_staff_export=True,
        erased_at=Retention.INVOICE,
        kept=("payer_type",),
    ),
    # Can be health data: erased soonest, and never in the bookkeeper's export.
    FieldGroup(
        "needs",
        _("Needs"),
        ("dietary_needs", "accessibility_needs"),
        entered_by_visitor=True,
        edited_by_staff=True,
        erased_at=Retention.NOTES,
    ),
    FieldGroup(
        "consent",
        _("Consent"),
        ("accepted_terms_at", "shares_with_participants", "shares_with_participants_at"),
        erased_at=Retention.PEOPLE,
        kept=("accepted_terms_at",),
    ),
    # What the site itself needs to run the booking: the link's reference, the chosen price block,
    # and when each step happened.
    FieldGroup(
        "internal",
        _("Keeping track"),
        (
            "reference",
            "price_option_id",
            "offer_expires_at",
            "reminder_sent_at",
            "networking_list_sent_at",
            "anonymised_at",
        ),
    ),
)


def fields_where(**flags) -> tuple[str, ...]:
    """The fields of every group with these flags, in the groups' order, e.g. entered_by_visitor=True."""
    return tuple(
        name
        for group in REGISTRATION_FIELD_GROUPS
        if all(getattr(group, flag) == value for flag, value in flags.items())
        for name in group.fields
    )
