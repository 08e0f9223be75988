"""Filters of the staff's registration list in the Wagtail admin."""

import django_filters
from django_filters.fields import ModelChoiceField

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale

from events.models import EventPage, Registration, RegistrationStatus
from events.models.registration import PayerType


def bookable_events(request):
    """Registrations point at the event page in the default language, so only those are offered."""
    return EventPage.objects.filter(locale_id=Locale.get_default().pk).order_by("-start", "-pk")


class EventChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        day = date_format(timezone.localtime(obj.start), "SHORT_DATE_FORMAT")
        return f"{obj.title} ({day})"


class EventFilter(django_filters.ModelChoiceFilter):
    field_class = EventChoiceField


class RegistrationFilterSet(WagtailFilterSet):
    event = EventFilter(label=_("Event"), queryset=bookable_events, empty_label=_("All events"))
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=RegistrationStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    payer_type = django_filters.ChoiceFilter(
        label=_("Payer"), choices=PayerType.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    # "Yes" keeps those with a check-in time, "No" those without.
    checked_in = django_filters.BooleanFilter(
        label=_("Checked in"),
        field_name="checked_in_at",
        lookup_expr="isnull",
        exclude=True,
        widget=BooleanRadioSelect,
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Registered"), widget=DateRangePickerWidget)

    class Meta:
        model = Registration
        fields = ["event", "status", "payer_type", "language", "checked_in", "created_at"]
