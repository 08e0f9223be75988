"""The one-field forms of the second step: a code from the app or a recovery code."""

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "autocapitalize": "none",
    "autocorrect": "off",
    "spellcheck": "false",
    "autofocus": True,
}


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The 6-digit code your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class ConfirmAppForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("After adding the key, the app shows a 6-digit code. Enter it here."),
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric", "autofocus": False}),
    )
