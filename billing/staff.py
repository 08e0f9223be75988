"""Orders and invoices in the Wagtail admin, for event staff and the accountant: lists with filters,
each order and document inspected, the PDF of any invoice or credit note, and the e-invoice outbox
with each UBL document and a way to send a failed one again.

All are read-only here. Orders are made by the booking service, where the seat and room rules
hold, and issued documents never change; a cancellation (on the participants page) gives the
credit note, and an order is changed through its own pages (billing/staff_orders.py). What
changes is an invoice's payment: the invoice list shows each one's payment status and filters by
it, and links to the payment pages (billing/staff_payments.py).
"""

import django_filters

from django import forms
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from billing.documents import invoice_filename, invoice_pdf
from billing.einvoice import ubl_filename
from billing.models import EInvoiceMessage, EInvoiceStatus, Invoice, InvoiceKind, Order, OrderStatus, Payment
from billing.services import outbox
from billing.services.payments import (
    PaymentStatus,
    orders_by_payment,
    payment_status,
    with_amount_owed,
    with_payment_status,
)
from billing.staff_booking import PhoneBookingView
from billing.staff_orders import (
    ChangeNightsView,
    OrderIndexView,
    OrderInspectView,
    ResendOrderEmailView,
    SendDocumentView,
    SubstituteView,
)
from billing.staff_payments import (
    BankStatementView,
    BookkeepingExportView,
    RegisterPaymentView,
    may_register_payments,
)
from core.money import format_money
from events.filters import EventFilter, bookable_events
from events.models.registration import PayerType


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff with "view" see the list and each record; nobody adds, edits or deletes one here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action == "view"])


def permissions_offered(model, actions=("view",)):
    """The permissions the groups page offers for the model."""
    content_type = ContentType.objects.get_for_model(model)
    return Permission.objects.filter(
        content_type=content_type,
        codename__in=[get_permission_codename(action, model._meta) for action in actions],
    )


class OrderFilterSet(WagtailFilterSet):
    event = EventFilter(label=_("Event"), queryset=bookable_events, empty_label=_("All events"))
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=OrderStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    payer_type = django_filters.ChoiceFilter(
        label=_("Payer"), choices=PayerType.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    payment = django_filters.ChoiceFilter(
        label=_("Payment"),
        choices=PaymentStatus.choices,
        widget=forms.RadioSelect,
        empty_label=_("All"),
        method="filter_payment",
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Ordered"), widget=DateRangePickerWidget)

    class Meta:
        model = Order
        fields = ["event", "status", "payer_type", "payment", "created_at"]

    def filter_payment(self, queryset, name, value):
        return orders_by_payment(queryset, value)


class InvoiceFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=InvoiceKind.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    payer_type = django_filters.ChoiceFilter(
        label=_("Payer"), choices=PayerType.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    payment = django_filters.ChoiceFilter(
        label=_("Payment"),
        choices=PaymentStatus.choices,
        widget=forms.RadioSelect,
        empty_label=_("All"),
        method="filter_payment",
    )
    issue_date = django_filters.DateFromToRangeFilter(label=_("Invoice date"), widget=DateRangePickerWidget)

    class Meta:
        model = Invoice
        fields = ["kind", "payer_type", "payment", "issue_date"]

    def filter_payment(self, queryset, name, value):
        # Invoices only: a credit note is neither paid nor owed.
        return with_payment_status(queryset, value)


class MoneyColumn(Column):
    def get_value(self, instance):
        return format_money(super().get_value(instance))


class PaymentStatusColumn(Column):
    """Unpaid, paid or overdue (worked out today from the payments and credit notes); empty for a
    credit note."""

    def get_value(self, instance):
        status = payment_status(instance)
        return PaymentStatus(status).label if status else ""


class OrderViewSet(ModelViewSet):
    model = Order
    name = "orders"
    icon = "list-ul"
    menu_label = _("Orders")
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    add_to_reference_index = False
    # Never shown (nobody may edit here), but a ModelViewSet needs its form declared.
    exclude_form_fields = []
    list_display = [
        Column("number", label=_("Order"), sort_key="pk"),
        "event",
        "booker_name",
        "payer_type",
        "payer_name",
        "status",
        DateColumn("created_at", label=_("Ordered"), sort_key="created_at"),
    ]
    filterset_class = OrderFilterSet
    search_fields = ["booker_name", "booker_email", "payer_name", "ean", "cvr", "buyer_order_number"]
    search_backend_name = None  # the database's "contains": finds part of a number too
    ordering = "-created_at"
    list_per_page = 50
    inspect_view_fields = [
        "event",
        "status",
        "language",
        "booker_name",
        "booker_email",
        "payer_type",
        "payer_name",
        "cvr",
        "ean",
        "buyer_order_number",
        "person_reference",
        "billing_address",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    ]

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(Order)

    def get_permissions_to_register(self):
        # None of them edits an order's record here: "add" lets a group book by phone, "change" lets
        # it change an order through its services (substitute, nights) and send its e-mail or a
        # document again; "delete" lets a group answer personal-data requests, which erase the
        # booker's details from orders (core/personal_data.py asks for it).
        return permissions_offered(Order, ("view", "add", "change", "delete"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/participants/<int:registration_pk>/substitute/",
                SubstituteView.as_view(),
                name="substitute",
            ),
            path(
                "<int:pk>/participants/<int:registration_pk>/nights/",
                ChangeNightsView.as_view(),
                name="change_nights",
            ),
            path("<int:pk>/resend/", ResendOrderEmailView.as_view(), name="resend_email"),
            path(
                "<int:pk>/documents/<int:invoice_pk>/send/", SendDocumentView.as_view(), name="send_document"
            ),
            path("book-by-phone/", PhoneBookingView.as_view(), name="book_by_phone"),
        ]


def invoice_pdf_view(request, pk):
    """The document's PDF, as the payer received it, for staff who may see invoices."""
    if not ReadOnlyPermissionPolicy(Invoice).user_has_permission(request.user, "view"):
        return permission_denied(request)
    invoice = get_object_or_404(Invoice, pk=pk)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, invoice_filename(invoice))
    return response


def document_buttons(inherited, download: tuple, action: tuple | None) -> list[Button]:
    """A document list row's buttons: Wagtail's own, the document's download (label, url) and, when it
    applies, one action on it (label, url, icon)."""
    label, url = download
    buttons = [*inherited, Button(label, url=url, icon_name="download", priority=5)]
    if action:
        label, url, icon = action
        buttons.append(Button(label, url=url, icon_name=icon, priority=6))
    return buttons


class InvoiceIndexView(IndexView):
    def get_base_queryset(self):
        # What each invoice still owes, in the list's one query, for its payment status column.
        return with_amount_owed(super().get_base_queryset())

    def get_list_more_buttons(self, instance):
        may_pay = instance.kind == InvoiceKind.INVOICE and may_register_payments(self.request.user)
        return document_buttons(
            super().get_list_more_buttons(instance),
            (_("PDF"), reverse("invoices:pdf", args=[instance.pk])),
            (_("Register payment"), reverse("invoices:register_payment", args=[instance.pk]), "success")
            if may_pay
            else None,
        )

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                _("Bookkeeping export"), url=reverse("invoices:bookkeeping_export"), icon_name="download"
            )
        ]
        if may_register_payments(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import bank statement"), url=reverse("invoices:bank_statement"), icon_name="upload"
                )
            )
        return buttons


class InvoiceViewSet(ModelViewSet):
    model = Invoice
    name = "invoices"
    index_view_class = InvoiceIndexView
    icon = "doc-full"
    menu_label = _("Invoices and credit notes")
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    exclude_form_fields = []
    list_display = [
        # The title column: links to the document and carries its buttons (PDF, register payment).
        "number",
        "kind",
        "buyer_name",
        "payer_type",
        MoneyColumn("total", label=_("Total")),
        DateColumn("issue_date", label=_("Invoice date"), sort_key="issue_date"),
        DateColumn("due_date", label=_("Due date"), sort_key="due_date"),
        PaymentStatusColumn("payment_status", label=_("Payment")),
    ]
    filterset_class = InvoiceFilterSet
    search_fields = ["buyer_name", "buyer_ean", "buyer_cvr", "buyer_order_number"]
    search_backend_name = None
    ordering = "-number"
    list_per_page = 50
    inspect_view_fields = [
        "number",
        "kind",
        "order",
        "credits",
        "issue_date",
        "due_date",
        "buyer_name",
        "buyer_address",
        "buyer_cvr",
        "buyer_ean",
        "buyer_order_number",
        "buyer_person_reference",
        "event_title",
        "net_total",
        "vat_total",
        "total",
    ]

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(Invoice)

    def get_permissions_to_register(self):
        # "Add payment" lets a group register payments and import bank statements.
        return permissions_offered(Invoice) | permissions_offered(Payment, ("add",))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/pdf/", invoice_pdf_view, name="pdf"),
            path("<int:pk>/payment/", RegisterPaymentView.as_view(), name="register_payment"),
            path("bank-statement/", BankStatementView.as_view(), name="bank_statement"),
            path("bookkeeping-export/", BookkeepingExportView.as_view(), name="bookkeeping_export"),
        ]


class EInvoiceFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=EInvoiceStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    invoice__kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=InvoiceKind.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Made"), widget=DateRangePickerWidget)

    class Meta:
        model = EInvoiceMessage
        fields = ["status", "invoice__kind", "created_at"]


einvoice_permissions = ReadOnlyPermissionPolicy(EInvoiceMessage)


def may_send_again(user) -> bool:
    return einvoice_permissions.user_has_permission(user, "view") and user.has_perm(
        "billing.resend_einvoicemessage"
    )


def einvoice_xml_view(request, pk):
    """The UBL document as it was made and sent, for staff who may see the outbox."""
    if not einvoice_permissions.user_has_permission(request.user, "view"):
        return permission_denied(request)
    message = get_object_or_404(EInvoiceMessage.objects.select_related("invoice"), pk=pk)
    response = HttpResponse(message.document.encode("utf-8"), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, ubl_filename(message.invoice))
    return response


class SendAgainView(WagtailAdminTemplateMixin, TemplateView):
    """Asks before sending a failed e-invoice again (a POST, never a link that sends), then queues it."""

    template_name = "billing/admin/send_einvoice_again.html"
    page_title = _("Send the e-invoice again")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not may_send_again(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def message(self) -> EInvoiceMessage:
        failed = EInvoiceMessage.objects.select_related("invoice").filter(status=EInvoiceStatus.FAILED)
        return get_object_or_404(failed, pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("einvoices:index"), "label": _("E-invoices")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(message=self.message, **kwargs)

    def post(self, request, *args, **kwargs):
        if outbox.send_again(self.message):
            messages.success(request, _("The e-invoice is queued to be sent again."))
        return redirect("einvoices:index")


class EInvoiceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("invoice")

    def get_list_more_buttons(self, instance):
        may_resend = instance.status == EInvoiceStatus.FAILED and may_send_again(self.request.user)
        return document_buttons(
            super().get_list_more_buttons(instance),
            (_("XML"), reverse("einvoices:xml", args=[instance.pk])),
            (_("Send again"), reverse("einvoices:send_again", args=[instance.pk]), "redirect")
            if may_resend
            else None,
        )


class EInvoiceViewSet(ModelViewSet):
    model = EInvoiceMessage
    name = "einvoices"
    index_view_class = EInvoiceIndexView
    icon = "mail"
    menu_label = _("E-invoices")
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    exclude_form_fields = []
    list_display = [
        # A field name first: Wagtail makes it the title column, which carries the XML and Send again buttons.
        "invoice",
        Column("buyer", label=_("Buyer"), accessor="invoice.buyer_name"),
        "status",
        Column("attempts", label=_("Attempts")),
        DateColumn("created_at", label=_("Made"), sort_key="created_at"),
        DateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
        Column("last_error", label=_("Last error")),
    ]
    filterset_class = EInvoiceFilterSet
    search_fields = ["invoice__buyer_name", "invoice__buyer_ean", "last_error"]
    search_backend_name = None
    ordering = "-created_at"
    list_per_page = 50
    inspect_view_fields = [
        "invoice",
        "status",
        "created_at",
        "sent_at",
        "failed_at",
        "accepted_at",
        "attempts",
        "last_error",
        "sender",
        "sender_reference",
    ]

    @property
    def permission_policy(self):
        return einvoice_permissions

    def get_permissions_to_register(self):
        return permissions_offered(EInvoiceMessage, ("view", "resend"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/xml/", einvoice_xml_view, name="xml"),
            path("<int:pk>/send-again/", SendAgainView.as_view(), name="send_again"),
        ]


class BillingMenu(ViewSetGroup):
    menu_label = _("Billing")
    menu_icon = "doc-full-inverse"
    menu_order = 160  # after Events
    items = (OrderViewSet, InvoiceViewSet, EInvoiceViewSet)
