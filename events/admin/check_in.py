"""The check-in list for the door: confirmed participants by name, one large button each.

Without JavaScript every tap is a form post and a reload; check_in.js sends the same post with
`Accept: application/json` and swaps in the one row and the count it gets back, so a door tablet on a
slow connection neither reloads the list nor loses its scroll position."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from events.admin.participants import EventStaffMixin, participants_url
from events.models import Registration, RegistrationStatus
from events.services import BookingError, check_in, undo_check_in


def check_in_counts(event) -> dict:
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    return {
        "confirmed_count": confirmed.count(),
        "checked_in_count": confirmed.filter(checked_in_at__isnull=False).count(),
    }


class CheckInListView(EventStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/check_in.html"
    page_title = gettext_lazy("Check-in")
    header_icon = "tablet-alt"
    required_actions = ("change",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = Registration.objects.filter(event=self.event, status=RegistrationStatus.CONFIRMED)
        query = self.request.GET.get("q", "").strip()
        if query:
            shown = shown.filter(Q(name__icontains=query) | Q(workplace__icontains=query))
        context.update(
            {
                "event": self.event,
                "query": query,
                "registrations": shown.order_by(Lower("name"), "pk"),
                "list_path": self.request.get_full_path(),
                "participants_url": participants_url(self.event),
                **check_in_counts(self.event),
            }
        )
        return context


class CheckInView(EventStaffMixin, View):
    """Mark a confirmed participant as present, or undo it (POST undo=1)."""

    http_method_names = ["post"]
    required_actions = ("change",)

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        name = {"name": registration.name}
        try:
            if request.POST.get("undo"):
                undo_check_in(registration, user=request.user)
                message = _("%(name)s is no longer checked in.") % name
            else:
                check_in(registration, user=request.user)
                message = _("%(name)s is checked in.") % name
        except BookingError as error:
            if self.wants_json():
                return JsonResponse({"message": str(error.staff_message)}, status=409)
            messages.error(request, error.staff_message)
            return self.redirect_back()
        if self.wants_json():
            return JsonResponse(self.updated_row(registration, message))
        messages.success(request, message)
        return self.redirect_back()

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def updated_row(self, registration, message: str) -> dict:
        """The row as the list would now show it, and the new count, for check_in.js to swap in."""
        registration.refresh_from_db(fields=["checked_in_at"])
        list_url = reverse("events_admin:check_in_list", args=[self.event.pk])
        back = (get_valid_next_url_from_request(self.request) or list_url).split("#")[0]
        context = {"event": self.event, "registration": registration, "list_path": back}
        counts = check_in_counts(self.event)
        return {
            "message": message,
            "row": render_to_string("events/admin/_check_in_item.html", context, request=self.request),
            "count": render_to_string("events/admin/_check_in_count.html", counts).strip(),
        }
