"""The check-in list for the door: confirmed participants by name, one large button each."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from events.admin.participants import EventStaffMixin, participants_url
from events.models import Registration, RegistrationStatus
from events.services import BookingError, check_in, undo_check_in


class CheckInListView(EventStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/check_in.html"
    page_title = gettext_lazy("Check-in")
    header_icon = "tablet-alt"
    required_actions = ("change",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        confirmed = Registration.objects.filter(event=self.event, status=RegistrationStatus.CONFIRMED)
        query = self.request.GET.get("q", "").strip()
        shown = confirmed
        if query:
            shown = confirmed.filter(Q(name__icontains=query) | Q(workplace__icontains=query))
        context.update(
            {
                "event": self.event,
                "query": query,
                "registrations": shown.order_by(Lower("name"), "pk"),
                "confirmed_count": confirmed.count(),
                "checked_in_count": confirmed.filter(checked_in_at__isnull=False).count(),
                "participants_url": participants_url(self.event),
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
                messages.success(request, _("%(name)s is no longer checked in.") % name)
            else:
                check_in(registration, user=request.user)
                messages.success(request, _("%(name)s is checked in.") % name)
        except BookingError as error:
            messages.error(request, error.staff_message)
        return self.redirect_back()
