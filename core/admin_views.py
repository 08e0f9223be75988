"""The admin page for a person's data request: export or erase everything about one e-mail address
(every kind of personal data the apps register: see core/personal_data.py)."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.personal_data import (
    erase_personal_data,
    erased_summary,
    export_personal_data,
    may_answer_requests,
)


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
