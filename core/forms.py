"""Public forms rendered one way through Django's form renderer: one field template, one error summary
that links every error to its field, the honeypot, and text fields that refuse invisible characters."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from core.validators import compact_cvr, compact_ean, reject_control_characters


class SiteFormRenderer(TemplatesSetting):
    """Renders with the project's templates, so core/forms/ overrides Django's defaults."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class SiteForm(forms.Form):
    """A form for visitors. In templates: `{{ form.error_summary }}`, each `{{ form.x.as_field_group }}`
    and `{{ form.honeypot }}`."""

    default_renderer = SiteFormRenderer()

    # A field people never see; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    def summary_notes(self) -> list[str]:
        """More the visitor must know when the form comes back with errors (say, to choose a file again)."""
        return []

    def error_summary(self):
        return self.render("core/forms/error_summary.html")

    def honeypot(self):
        return self.render("core/forms/honeypot.html")


class SingleLineField(forms.CharField):
    """Text that belongs on one line, however it was typed or pasted: runs of spaces and line
    breaks become one space before the length is counted."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class MultiLineField(forms.CharField):
    """Running text. Browsers send a line break as two characters but count it as one; count it
    as one here too, so the limit the browser shows is the limit the server enforces."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


def text_field(label, max_length, required=False, textarea=False, validators=(), **kwargs):
    """A text field that refuses control characters; `textarea` for running text."""
    widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        validators=[reject_control_characters, *validators],
        **kwargs,
    )


class CVRField(forms.CharField):
    """A Danish CVR number, stored as its 8 digits (typed with spaces, hyphens or "DK" as well)."""

    def clean(self, value):
        value = super().clean(value)
        return compact_cvr(value) if value else value


class EANField(forms.CharField):
    """An EAN (GLN) number of a public institution, stored as its 13 digits."""

    def clean(self, value):
        value = super().clean(value)
        return compact_ean(value) if value else value
