"""The staff's pages on an order in the admin, under Billing → Orders: the order's page with its
participants and documents, substituting a colleague, changing a participant's nights, and sending
the booker the order's e-mail or one document again.

The views are thin: the rules, the seat and room checks and the documents a change needs are in
billing/services/changes.py, the resending in billing/services/resending.py. Changing an order and
sending again need the order's "change" permission as well as "view" (docs/billing.md).
"""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import IndexView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from billing.models import Invoice, Order, OrderParticipant
from billing.services.changes import OrderChange, Substitute, change_nights, substitute_participant
from billing.services.resending import resend_order_email, send_document_to_booker
from billing.staff_booking import may_book_by_phone
from core.money import format_money
from core.validators import reject_markup
from events.models import RegistrationStatus
from events.services import BookingError

order_permissions = ModelPermissionPolicy(Order)


def may_change_orders(user) -> bool:
    return order_permissions.user_has_permission(user, "view") and order_permissions.user_has_permission(
        user, "change"
    )


class OrderIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        if not may_book_by_phone(self.request.user):
            return []
        return [HeaderButton(_("Book by phone"), url=reverse("orders:book_by_phone"), icon_name="plus")]


class OrderInspectView(InspectView):
    """The order with its participants (and, for staff who may change orders, a substitute and the
    nights for each) and its invoices and credit notes."""

    template_name = "billing/admin/order_inspect.html"

    @cached_property
    def header_more_buttons(self):
        if not may_change_orders(self.request.user):
            return []
        return [
            Button(
                _("Send the order e-mail again"),
                url=reverse("orders:resend_email", args=[self.object.pk]),
                icon_name="mail",
                priority=10,
            )
        ]

    def get_context_data(self, **kwargs):
        order = self.object
        return super().get_context_data(
            participants=order.participants.select_related("registration").prefetch_related(
                "registration__booked_nights"
            ),
            documents=order.invoices.select_related("credits").order_by("number"),
            may_change=may_change_orders(self.request.user),
            confirmed=RegistrationStatus.CONFIRMED,
            **kwargs,
        )


def documents_message(change: OrderChange) -> str:
    if not change.documents:
        return str(_("Nothing invoiced changed, so no documents were issued."))
    return str(_("Issued and e-mailed to the booker: %(documents)s.")) % {
        "documents": ", ".join(
            f"{document} ({format_money(document.total)})" for document in change.documents
        )
    }


class ParticipantChangePage(WagtailAdminTemplateMixin, FormView):
    """A page that changes one participant of an order, for staff who may change orders."""

    header_icon = "list-ul"
    template_name = "billing/admin/change_participant.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_change_orders(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def participant(self) -> OrderParticipant:
        return get_object_or_404(
            OrderParticipant.objects.select_related("order", "registration__event"),
            order_id=self.kwargs["pk"],
            registration_id=self.kwargs["registration_pk"],
        )

    @property
    def order(self) -> Order:
        return self.participant.order

    @property
    def registration(self):
        return self.participant.registration

    def get_page_subtitle(self):
        return f"{self.order} · {self.registration.name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("orders:index"), "label": _("Orders")},
            {"url": reverse("orders:inspect", args=[self.order.pk]), "label": str(self.order)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(order=self.order, registration=self.registration, **kwargs)

    def change(self, form) -> OrderChange:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            change = self.change(form)
        except BookingError as refused:
            form.add_error(
                refused.field_name if refused.field_name in form.fields else None, refused.staff_message
            )
            return self.form_invalid(form)
        messages.success(self.request, f"{self.success_message} {documents_message(change)}")
        return redirect("orders:inspect", self.order.pk)


class SubstituteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, validators=[reject_markup])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=160, required=False)
    profession = forms.CharField(label=_("Profession"), max_length=120, required=False)
    dietary_needs = forms.CharField(
        label=_("Dietary needs"), max_length=500, required=False, widget=forms.Textarea
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), max_length=500, required=False, widget=forms.Textarea
    )


class SubstituteView(ParticipantChangePage):
    """A colleague takes the participant's seat, price and nights."""

    form_class = SubstituteForm
    page_title = _("Substitute a colleague")
    success_message = _("The colleague has taken the seat and gets their own confirmation.")

    def change(self, form) -> OrderChange:
        return substitute_participant(
            self.registration, Substitute(**form.cleaned_data), user=self.request.user
        )


class NightsForm(forms.Form):
    nights = forms.MultipleChoiceField(
        label=_("Nights of accommodation"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nights"].choices = [
            (night.isoformat(), formats.date_format(night, "DATE_FORMAT"))
            for night in event.accommodation_nights()
        ]


class ChangeNightsView(ParticipantChangePage):
    """Add or remove nights: an added night needs a free room and is invoiced, a removed one credited."""

    form_class = NightsForm
    page_title = _("Change nights")
    success_message = _("The nights are changed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.registration.event.specific}

    def get_initial(self):
        return {"nights": [night.isoformat() for night in self.registration.nights]}

    def change(self, form) -> OrderChange:
        nights = [dt.date.fromisoformat(night) for night in form.cleaned_data["nights"]]
        return change_nights(self.registration, nights, user=self.request.user)


class SendAgainPage(WagtailAdminTemplateMixin, FormView):
    """Asks before sending (a POST, never a link that sends), then queues the e-mail."""

    header_icon = "mail"
    template_name = "billing/admin/confirm_send.html"
    form_class = forms.Form

    def dispatch(self, request, *args, **kwargs):
        if not may_change_orders(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def order(self) -> Order:
        return get_object_or_404(Order, pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("orders:index"), "label": _("Orders")},
            {"url": reverse("orders:inspect", args=[self.order.pk]), "label": str(self.order)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(what=self.what(), **kwargs)

    def form_valid(self, form):
        try:
            self.send()
        except BookingError as refused:
            messages.error(self.request, refused.staff_message)
        else:
            messages.success(
                self.request, _("Queued to be sent to %(address)s.") % {"address": self.order.booker_email}
            )
        return redirect("orders:inspect", self.order.pk)


class ResendOrderEmailView(SendAgainPage):
    page_title = _("Send the order e-mail again")

    def what(self) -> str:
        return _(
            "The booker (%(address)s) gets the order's e-mail again: who has a seat and who is waiting, "
            "with the order's newest invoice attached."
        ) % {"address": self.order.booker_email or "–"}

    def send(self):
        resend_order_email(self.order)


class SendDocumentView(SendAgainPage):
    page_title = _("E-mail the document to the booker")

    @cached_property
    def document(self) -> Invoice:
        return get_object_or_404(self.order.invoices.all(), pk=self.kwargs["invoice_pk"])

    def get_page_subtitle(self):
        return str(self.document)

    def what(self) -> str:
        return _("The booker (%(address)s) gets %(document)s as a PDF, in the payer's language.") % {
            "address": self.order.booker_email or "–",
            "document": self.document,
        }

    def send(self):
        send_document_to_booker(self.document)
