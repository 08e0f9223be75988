"""The staff's payment pages in the admin, under Billing → Invoices and credit notes: register a
payment on an invoice, import a bank statement, and download the bookkeeping export.

The views are thin: the rules are in billing/services/payments.py, bank_statements.py and
bookkeeping.py. Registering payments and importing statements needs the "add payment"
permission; the export needs "view invoice", like the list it is opened from.
"""

import datetime as dt
from decimal import InvalidOperation

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from billing.models import Invoice, InvoiceKind, Payment, PaymentSource
from billing.services.bank_statements import MAX_BYTES, StatementError, import_statement
from billing.services.bookkeeping import export_bookkeeping, export_filename
from billing.services.payments import PaymentRefused, payment_status, record_payment, with_amount_owed
from core.money import format_money, parse_amount

payment_permissions = ModelPermissionPolicy(Payment)
invoice_permissions = ModelPermissionPolicy(Invoice)


def may_register_payments(user) -> bool:
    return payment_permissions.user_has_permission(user, "add")


class AmountField(forms.CharField):
    """An amount typed in the admin's language: "1.500,00" or "1500,00" in Danish, "1,500.00" in English."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value, translation.get_language())
        except InvalidOperation:
            raise forms.ValidationError(
                _("Write the amount as a number with at most two decimals, e.g. %(example)s.")
                % {"example": format_money(1500)},
                code="invalid",
            ) from None


class PaymentForm(forms.Form):
    amount = AmountField(label=_("Amount received"))
    paid_on = forms.DateField(label=_("Paid on"), widget=AdminDateInput)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=200,
        required=False,
        help_text=_("For example the bank's text or the payer's note."),
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("A payment cannot be dated in the future."))
        return paid_on


class BankStatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (CSV)"),
        help_text=_(
            "Columns: date, text, amount and, if you like, reference. As the bank exports it "
            "(“;” between columns, 31-12-2026, 1.500,00) or plain (“,”, 2026-12-31, 1500.00)."
        ),
    )


class BookkeepingExportForm(forms.Form):
    date_from = forms.DateField(label=_("From (invoice date)"), widget=AdminDateInput)
    date_to = forms.DateField(label=_("To (invoice date, included)"), widget=AdminDateInput)
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", _("Excel (XLSX)")), ("csv", _("CSV for the bookkeeping system"))],
        widget=forms.RadioSelect,
        initial="xlsx",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned


class InvoicesPage(WagtailAdminTemplateMixin, FormView):
    """A page under the invoice list, for the users `may_use` lets in (by default: who may add payments)."""

    header_icon = "doc-full"

    def may_use(self, user) -> bool:
        return may_register_payments(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("invoices:index"), "label": _("Invoices and credit notes")},
            {"url": "", "label": self.get_page_title()},
        ]


class RegisterPaymentView(InvoicesPage):
    """Money received for one invoice: the amount, the day and a reference; partial payments add up."""

    form_class = PaymentForm
    template_name = "billing/admin/register_payment.html"
    page_title = _("Register payment")

    @cached_property
    def invoice(self) -> Invoice:
        invoices = with_amount_owed(Invoice.objects.filter(kind=InvoiceKind.INVOICE))
        return get_object_or_404(invoices, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.invoice)

    def get_initial(self):
        return {"paid_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invoice=self.invoice,
            status=payment_status(self.invoice),
            payments=self.invoice.payments.all(),
            credit_notes=self.invoice.credit_notes.all(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            recorded = record_payment(
                self.invoice,
                form.cleaned_data["amount"],
                form.cleaned_data["paid_on"],
                PaymentSource.MANUAL,
                reference=form.cleaned_data["reference"],
                recorded_by=self.request.user,
            )
        except PaymentRefused as refused:
            form.add_error("amount", refused.message)
            return self.form_invalid(form)
        if recorded.amount_owed > 0:
            message = _("Payment registered on invoice %(number)s; %(owed)s is still owed.")
        else:
            message = _("Payment registered: invoice %(number)s is paid.")
        messages.success(
            self.request,
            message % {"number": self.invoice.number, "owed": format_money(recorded.amount_owed)},
        )
        return redirect("invoices:index")


class BankStatementView(InvoicesPage):
    """Upload a bank statement: matched lines are recorded as payments, the rest listed with the reason."""

    form_class = BankStatementForm
    template_name = "billing/admin/bank_statement.html"
    page_title = _("Import bank statement")

    def form_valid(self, form):
        upload = form.cleaned_data["statement"]
        try:
            if upload.size > MAX_BYTES:
                raise StatementError(
                    _("The file is too large: a bank statement of at most 2 MB can be imported.")
                )
            result = import_statement(upload.read(), recorded_by=self.request.user)
        except StatementError as error:
            form.add_error("statement", error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(matched)s payment(s) recorded; %(unmatched)s line(s) not matched.")
            % {"matched": len(result.matched), "unmatched": len(result.unmatched)},
        )
        return self.render_to_response(
            self.get_context_data(form=BankStatementForm(), result=result, imported=True)
        )


class BookkeepingExportView(InvoicesPage):
    """The accountant's export of a period's invoices and credit notes, as XLSX or CSV."""

    form_class = BookkeepingExportForm
    template_name = "billing/admin/bookkeeping_export.html"
    page_title = _("Bookkeeping export")

    def may_use(self, user) -> bool:
        return invoice_permissions.user_has_permission(user, "view")

    def get_initial(self):
        today = timezone.localdate()
        last_month_end = today.replace(day=1) - dt.timedelta(days=1)
        return {"date_from": last_month_end.replace(day=1), "date_to": last_month_end}

    def form_valid(self, form):
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        file_format = form.cleaned_data["file_format"]
        language = translation.get_language()
        content_type = (
            "text/csv; charset=utf-8"
            if file_format == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(
            export_bookkeeping(date_from, date_to, file_format, language), content_type=content_type
        )
        response["Content-Disposition"] = content_disposition_header(
            True, export_filename(date_from, date_to, file_format, language)
        )
        return response
