"""The registration list, its export for the bookkeeper, and editing or deleting one registration.

The export's columns and the edit form's panels come from the field groups of
models/registration.py, so a field added to a group shows up in both.
"""

from decimal import Decimal

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.widgets.button import Button

from core.exports import SpreadsheetExportMixin
from events.models import Registration, RegistrationStatus
from events.models.registration import REGISTRATION_FIELD_GROUPS
from events.services import BookingError, delete_registration, update_details
from events.vocabulary import VatRate


def staff_export_columns() -> list[str]:
    """For the bookkeeper: everything needed to invoice, one registration a row. Health data
    (the needs group) stays out; the participants page shows it."""
    return [
        column
        for group in REGISTRATION_FIELD_GROUPS
        if group.in_staff_export
        for column in group.staff_export_columns()
    ]


def staff_edit_panels() -> ObjectList:
    """Price, status and dates are the booking itself: they change only through the services
    (cancel, offer a seat) on the participants page, never by editing."""
    return ObjectList(
        [
            MultiFieldPanel([FieldPanel(name) for name in group.fields], heading=group.heading)
            for group in REGISTRATION_FIELD_GROUPS
            if group.edited_by_staff
        ]
    )


def export_values(registration: Registration) -> dict:
    """The computed columns of the export, and the display values of coded ones.

    Only a confirmed registration has amounts to pay: a row on the waiting list, offered a seat or
    cancelled keeps the price it chose but leaves the accommodation and total columns empty, so that
    summing the total column in Excel gives what the event brings in."""
    nights = registration.nights
    per_night = registration.accommodation_price_per_night
    owes = registration.status == RegistrationStatus.CONFIRMED
    return {
        "event": registration.event.title,
        "event_start": registration.event.start,
        "status": registration.get_status_display(),
        "vat_rate": dict(VatRate.choices).get(registration.vat_rate, registration.vat_rate),
        "accommodation_vat_rate": dict(VatRate.choices).get(
            registration.accommodation_vat_rate, registration.accommodation_vat_rate
        )
        if nights
        else "",
        "accommodation_nights": len(nights),
        "nights": ", ".join(date_format(night, "SHORT_DATE_FORMAT") for night in nights),
        "accommodation_price": (per_night or Decimal("0")) * len(nights) if owes else "",
        "total": registration.total_price() if owes else "",
        "payer_type": registration.get_payer_type_display(),
    }


class RegistrationIndexView(SpreadsheetExportMixin, IndexView):
    """The registration list, with an export that Excel opens correctly in Denmark."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event").prefetch_related("booked_nights")

    def export_values(self, item) -> dict:
        return export_values(item)

    @cached_property
    def filtered_event(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("event")
        return None

    def get_filename(self):
        parts = [self.export_filename]
        if self.filtered_event:
            parts.append(self.filtered_event.slug)
        parts.append(timezone.localdate().isoformat())
        return "-".join(parts)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            Button(
                _("Participants of this event"),
                url=reverse("events_admin:participants", args=[instance.event_id]),
                icon_name="group",
                priority=5,
            )
        )
        return buttons


class RegistrationEditView(EditView):
    """Corrections go through the service: under the event lock, only the fields staff may edit are
    written (a stale status can never be saved back over a cancellation), and the log is written."""

    def save_instance(self):
        self.has_content_changes = self.form.has_changed()
        return update_details(
            self.form.save(commit=False), user=self.request.user, changed=self.has_content_changes
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except BookingError as error:
            form.add_error(error.field_name, error.staff_message)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class RegistrationDeleteView(DeleteView):
    """Deleting (e.g. on an erasure request) frees the seat like a cancellation: it is offered on."""

    def delete_action(self):
        delete_registration(self.object, user=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except BookingError as error:
            messages.error(self.request, error.staff_message)
            return HttpResponseRedirect(self.request.get_full_path())
