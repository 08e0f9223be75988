"""The newsletter sign-up form, as a full page and as the small form in the site footer."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import SiteForm
from core.validators import reject_control_characters
from network.newsletter import TopicChoice
from taxonomy.models import Theme

TOPIC_EVENTS = "events"
TOPIC_RESOURCES = "resources"
# Where a sign-up came from: the form's name and the path of the page it was on.
SOURCE_PATTERN = re.compile(r"^(footer|page):/[^\s]{0,180}$")


def themes_in_language(language_code: str) -> list[tuple[str, str]]:
    """(slug, name) of every theme, named in the language when it has a translation."""
    names = {}
    for theme in Theme.objects.select_related("locale").order_by("name"):
        if theme.slug not in names or theme.locale.language_code == language_code:
            names[theme.slug] = theme.name
    return sorted(names.items(), key=lambda item: item[1].casefold())


class SignupForm(SiteForm):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    topics = forms.MultipleChoiceField(
        label=_("What would you like to hear about?"),
        choices=[(TOPIC_EVENTS, _("New events")), (TOPIC_RESOURCES, _("New material in the library"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label=_("Follow a theme"),
        help_text=_("We send you a short digest when there is something new in the themes you choose."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, language: str = "da", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["themes"].choices = themes_in_language(language)

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        reject_control_characters(value)
        return value

    def clean_source(self):
        # A made-up source is not an error the visitor can fix: record that it is unknown.
        value = self.cleaned_data["source"]
        return value if SOURCE_PATTERN.match(value) and "\x00" not in value else "unknown"

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("topics") and not cleaned.get("themes"):
            raise ValidationError(_("Choose at least one thing to hear about."), code="no_topic")
        return cleaned

    def topic_choice(self) -> TopicChoice:
        topics = self.cleaned_data["topics"]
        return TopicChoice(
            events=TOPIC_EVENTS in topics,
            resources=TOPIC_RESOURCES in topics,
            theme_slugs=self.cleaned_data["themes"],
        )
