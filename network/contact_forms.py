"""The contact form: who writes, their address for the answer, and the message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SiteForm
from core.forms import text_field as text
from core.validators import reject_control_characters, reject_markup


class ContactForm(SiteForm):
    name = text(_("Your name"), 120, required=True, validators=[reject_markup])
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("The recipient can answer you here. We do not show you their address."),
        validators=[reject_control_characters],
    )
    message = text(_("Message"), 2000, required=True, textarea=True)

    def clean_name(self):
        # The name goes into the e-mail's subject, where a line break could add headers.
        value = " ".join(self.cleaned_data["name"].split())
        if "\n" in self.data.get("name", "") or "\r" in self.data.get("name", ""):
            raise forms.ValidationError(_("Write your name on one line."), code="newline")
        return value
