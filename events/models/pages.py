"""Event pages: the list of events and the event itself."""

import datetime as dt
from decimal import Decimal

from modelcluster.fields import ParentalManyToManyField

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.api_fields import PageImageField, PeopleField, StreamHTMLField, VenueField, VocabularyField
from events.admin.page_form import EventPageForm
from events.blocks import PriceOptionBlock, ProgrammeItemBlock
from events.vocabulary import AttendanceMode, EventFormat, EventStatus, VatRate
from home.blocks import BaseStreamBlock
from home.models import BasePage

# An event with this share of its seats or fewer left shows "few seats left".
FEW_SEATS_SHARE = Decimal("0.2")


class EventIndexPage(RoutablePageMixin, BasePage):
    """The calendar: upcoming events with filters, an archive and an iCalendar feed."""

    subpage_types = ["events.EventPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields]

    class Meta:
        verbose_name = _("event list")

    def get_context(self, request, *args, **kwargs):
        from events.listing import event_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(event_listing(self, request))
        return context

    @path("calendar/", name="calendar")
    def calendar_feed(self, request):
        """The list as an iCalendar feed, with the same filters as the page."""
        from events.views import calendar_feed

        return calendar_feed(self, request)


class EventPage(RoutablePageMixin, BasePage):
    format = models.CharField(_("format"), max_length=32, choices=EventFormat.choices)
    summary = models.TextField(_("summary"), max_length=300, help_text=_("Shown in lists and feeds."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("image alternative text"), max_length=250, blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    attendance_mode = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    programme = StreamField([("item", ProgrammeItemBlock())], verbose_name=_("programme"), blank=True)
    venue = models.ForeignKey(
        "events.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    speakers = ParentalManyToManyField(
        "people.Person", verbose_name=_("facilitators and speakers"), blank=True
    )
    partners = ParentalManyToManyField(
        "people.Organisation", verbose_name=_("partner organisations"), blank=True
    )
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    professions = ParentalManyToManyField(
        "taxonomy.Profession", verbose_name=_("target professions"), blank=True
    )
    capacity = models.PositiveIntegerField(_("seats"))
    registration_opens = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: open as soon as the event is published."),
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: open until the event starts.")
    )
    price_options = StreamField([("price", PriceOptionBlock())], verbose_name=_("prices"), min_num=1)
    accommodation_price_per_night = models.DecimalField(
        _("accommodation price per night (DKK, incl. any VAT)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # Overnight stays carry 25 % VAT in Denmark; only teaching is exempt (the price options' setting).
    accommodation_vat = models.CharField(
        _("VAT on accommodation"), max_length=8, choices=VatRate.choices, default=VatRate.STANDARD
    )
    rooms_per_night = models.PositiveIntegerField(
        _("rooms per night"), null=True, blank=True, help_text=_("Empty: no accommodation offered.")
    )
    cancellation_deadline = models.DateTimeField(_("free cancellation until"), null=True, blank=True)
    cancellation_policy = models.TextField(_("cancellation policy"), blank=True)
    late_cancellation_fee_percent = models.PositiveSmallIntegerField(
        _("fee for cancelling after the free cancellation (percent of the price)"),
        default=100,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "How much of an invoiced price is kept when staff cancel a place after the free-cancellation "
            "deadline: 100 keeps all of it, 0 credits all of it. Say the same in the cancellation policy."
        ),
    )
    # Grows whenever time, place or status change, so calendars replace their copy (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("format"), FieldPanel("status")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [FieldPanel("speakers"), FieldPanel("partners"), FieldPanel("themes"), FieldPanel("professions")],
            heading=_("People and topics"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("price_options"),
                FieldRowPanel(
                    [
                        FieldPanel("accommodation_price_per_night"),
                        FieldPanel("accommodation_vat"),
                        FieldPanel("rooms_per_night"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("cancellation_deadline"), FieldPanel("late_cancellation_fee_percent")]
                ),
                FieldPanel("cancellation_policy"),
            ],
            heading=_("Registration"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("format"),
        index.FilterField("start"),
    ]
    # Dates, places, capacity and prices are one fact across languages; text is translated.
    # Content API (/api/v2/): what the page shows. Registrations and seat counts are not page content;
    # partners get seats and registration state from the listings API (/api/listings/v1/).
    api_fields = [
        *BasePage.api_fields,
        APIField("format"),
        APIField("status"),
        APIField("summary"),
        APIField("start"),
        APIField("end"),
        APIField("attendance_mode"),
        APIField("venue", serializer=VenueField()),
        APIField("image", serializer=PageImageField("image", "image_alt", source="*")),
        APIField("body", serializer=StreamHTMLField()),
        APIField("programme", serializer=StreamHTMLField()),
        APIField("speakers", serializer=PeopleField()),
        APIField("partners", serializer=VocabularyField()),
        APIField("themes", serializer=VocabularyField()),
        APIField("professions", serializer=VocabularyField()),
        APIField("capacity"),
        APIField("registration_opens"),
        APIField("registration_closes"),
        APIField("price_options", serializer=StreamHTMLField()),
        APIField("accommodation_price_per_night"),
        APIField("cancellation_deadline"),
        APIField("cancellation_policy"),
    ]
    override_translatable_fields = [
        SynchronizedField("format"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("status"),
        SynchronizedField("attendance_mode"),
        SynchronizedField("capacity"),
        SynchronizedField("registration_opens"),
        SynchronizedField("registration_closes"),
        SynchronizedField("accommodation_price_per_night"),
        SynchronizedField("accommodation_vat"),
        SynchronizedField("rooms_per_night"),
        SynchronizedField("cancellation_deadline"),
        SynchronizedField("late_cancellation_fee_percent"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def save(self, *args, **kwargs):
        if self.pk:
            before = (
                type(self).objects.filter(pk=self.pk).values("start", "end", "status", "venue_id").first()
            )
            now = {"start": self.start, "end": self.end, "status": self.status, "venue_id": self.venue_id}
            if before and before != now:
                self.sequence += 1
        super().save(*args, **kwargs)

    @path("", name="event")
    def event_page(self, request):
        from events.views import event_page

        return event_page(self, request)

    @path("calendar/", name="calendar")
    def calendar_file(self, request):
        from events.views import event_calendar

        return event_calendar(self, request)

    # Registrations belong to the event, not to one language's page: they all point at the
    # page in the default language, which is also where the seat lock is taken.
    @cached_property
    def booking_page(self) -> "EventPage":
        default_locale = Locale.get_default()
        if self.locale_id == default_locale.pk:
            return self
        # A translation whose source page was deleted stands on its own.
        source = EventPage.objects.filter(translation_key=self.translation_key, locale=default_locale).first()
        return source or self

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def opens_at(self) -> dt.datetime | None:
        return self.registration_opens

    @property
    def closes_at(self) -> dt.datetime:
        return self.registration_closes or self.start

    def price_option(self, option_id: str):
        for block in self.price_options:
            if block.id == option_id:
                return block
        return None

    @property
    def offers_accommodation(self) -> bool:
        return bool(self.rooms_per_night) and self.accommodation_price_per_night is not None

    def accommodation_nights(self) -> list[dt.date]:
        """The nights a participant may stay: the night before and every night between the days."""
        if not self.offers_accommodation:
            return []
        tz = timezone.get_default_timezone()
        first_day = timezone.localtime(self.start, tz).date()
        last_day = timezone.localtime(self.end, tz).date()
        nights = [first_day - dt.timedelta(days=1)]
        day = first_day
        while day < last_day:
            nights.append(day)
            day += dt.timedelta(days=1)
        return nights

    @property
    def is_paid(self) -> bool:
        """Whether anything can cost money: a price, or a night of accommodation. A free event asks
        nobody who pays."""
        if any(block.value["amount"] > 0 for block in self.price_options):
            return True
        return self.offers_accommodation and self.accommodation_price_per_night > 0

    @property
    def lowest_price(self) -> Decimal | None:
        amounts = [block.value["amount"] for block in self.price_options]
        return min(amounts) if amounts else None

    @property
    def ics_uid(self) -> str:
        host = settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0].split(":")[0] or "innovatarium"
        return f"event-{self.translation_key}@{host}"
