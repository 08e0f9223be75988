"""Admin pages of the shared floor: a person's data request (export or erase everything about one
e-mail address, see core/personal_data.py), and the e-mails that failed for good, to send again."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from core.models import FailedEmail
from core.personal_data import (
    erase_personal_data,
    erased_summary,
    export_personal_data,
    may_answer_requests,
)
from core.tasks import email_task_for, error_of, failed_emails, recipient_for, resend


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    action = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=[("export", gettext_lazy("Export as JSON")), ("erase", gettext_lazy("Erase (anonymise)"))],
        widget=forms.RadioSelect,
        initial="export",
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked who is asking, and want to do this."), required=True
    )


class PersonalDataView(WagtailAdminTemplateMixin, FormView):
    """Only users who may delete every kind of personal data may see or erase everything about a person."""

    form_class = PersonalDataForm
    template_name = "core/admin/personal_data.html"
    page_title = gettext_lazy("Personal data request")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not may_answer_requests(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if form.cleaned_data["action"] == "export":
            body = json.dumps(export_personal_data(email), ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(True, "personal-data.json")
            return response
        messages.success(self.request, "; ".join(erased_summary(erase_personal_data(email))))
        return self.render_to_response(self.get_context_data(form=PersonalDataForm()))


# Failed e-mails ------------------------------------------------------------------------------------

failed_email_permissions = ModelPermissionPolicy(FailedEmail)


def may_see_failed_emails(user) -> bool:
    return failed_email_permissions.user_has_permission(user, "view")


def may_resend(user) -> bool:
    return failed_email_permissions.user_has_permission(user, "resend")


def describe(email: FailedEmail, user) -> dict:
    """What staff see of a failed e-mail. The address, and the error's message (a refusal quotes the
    address), only for those allowed to see the data the address is in."""
    recipient = recipient_for(email, user)
    task = email_task_for(email)
    return {
        "email": email,
        "label": task.label if task else email.task_path,
        "recipient": recipient,
        "error": error_of(email, with_message=recipient is not None),
        "tries": len(email.worker_ids),
    }


class FailedEmailColumn(Column):
    """A column showing one part of `describe`, for the user looking at the list."""

    empty_value_display = gettext_lazy("(not shown)")

    def get_cell_context_data(self, instance, parent_context):
        if not hasattr(instance, "details"):  # once per row, not once per column
            instance.details = describe(instance, parent_context["request"].user)
        return super().get_cell_context_data(instance, parent_context)

    def get_value(self, instance):
        value = instance.details[self.name]
        return "" if value is None else value


class FailedEmailTitleColumn(FailedEmailColumn, TitleColumn):
    pass


class FailedEmailsView(BaseListingView):
    """E-mails that failed for good: what, to whom, the error, how often it was tried; each opens
    the page that sends it again, and a header button sends them all again (after an outage)."""

    page_title = gettext_lazy("Failed e-mails")
    header_icon = "mail"
    index_url_name = "failed_emails"
    paginate_by = 50
    default_ordering = "-finished_at"
    verbose_name_plural = gettext_lazy("failed e-mails")
    columns = [
        FailedEmailTitleColumn("label", label=gettext_lazy("E-mail"), url_name="failed_email"),
        FailedEmailColumn("recipient", label=gettext_lazy("Recipient")),
        FailedEmailColumn("error", label=gettext_lazy("Error")),
        FailedEmailColumn("tries", label=gettext_lazy("Tries")),
        DateColumn("finished_at", label=gettext_lazy("Last try"), sort_key="finished_at"),
        DateColumn("enqueued_at", label=gettext_lazy("Queued"), sort_key="enqueued_at"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_failed_emails(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return failed_emails()

    @cached_property
    def header_buttons(self):
        if not may_resend(self.request.user) or not failed_emails().exists():
            return []
        return [
            HeaderButton(
                gettext_lazy("Send all again"),
                url=reverse("failed_emails_resend_all"),
                icon_name="mail",
            )
        ]


class FailedEmailsPage(WagtailAdminTemplateMixin, TemplateView):
    """A page under the list of failed e-mails, for users allowed `permission` over them."""

    header_icon = "mail"
    permission = "view"

    def dispatch(self, request, *args, **kwargs):
        if not failed_email_permissions.user_has_permission(request.user, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("failed_emails"), "label": gettext_lazy("Failed e-mails")},
            {"url": "", "label": self.get_page_title()},
        ]


class FailedEmailView(FailedEmailsPage):
    """One failed e-mail, with its whole error for those who may see it, and the button to send it again."""

    template_name = "core/admin/failed_email.html"
    page_title = gettext_lazy("Failed e-mail")

    @cached_property
    def email(self) -> FailedEmail:
        return get_object_or_404(failed_emails(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        details = describe(self.email, self.request.user)
        return super().get_context_data(
            **details,
            traceback=self.email.traceback if details["recipient"] is not None else "",
            may_resend=may_resend(self.request.user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not may_resend(request.user):
            raise PermissionDenied
        resend(failed_emails().filter(pk=self.email.pk))
        messages.success(request, gettext_lazy("The e-mail is queued again and goes out within a minute."))
        return redirect("failed_emails")


class ResendAllView(FailedEmailsPage):
    """Send every failed e-mail again, for after an outage of the mail server is over."""

    template_name = "core/admin/resend_all.html"
    page_title = gettext_lazy("Send all failed e-mails again")
    permission = "resend"

    def get_context_data(self, **kwargs):
        return super().get_context_data(count=failed_emails().count(), **kwargs)

    def post(self, request, *args, **kwargs):
        count = resend(failed_emails())
        messages.success(
            request,
            ngettext("%(count)d e-mail is queued again.", "%(count)d e-mails are queued again.", count)
            % {"count": count},
        )
        return redirect("failed_emails")


class FailedEmailsPanel(Component):
    """On the dashboard, only while there are e-mails that failed for good."""

    name = "failed_emails"
    template_name = "core/admin/failed_emails_panel.html"
    order = 10

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "list_url": reverse("failed_emails")}
