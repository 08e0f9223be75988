"""The contribution form: what a practitioner sends in, checked with messages in their language."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import MultiLineField, SingleLineField, SiteForm
from core.validators import reject_control_characters, reject_markup
from library.contributions import Submission
from library.filetypes import (
    ALLOWED_EXTENSIONS,
    MAX_SIZE,
    TEXT_EXTENSIONS,
    content_matches_extension,
    extension_of,
    refuse_harmful_content,
)
from library.models.contributions import ContributionKind
from library.vocabulary import Phase

ACCEPT = ",".join(f".{extension}" for extension in ALLOWED_EXTENSIONS)


class ContributionForm(SiteForm):
    kind = forms.ChoiceField(
        label=_("What would you like to share?"), choices=ContributionKind.choices, widget=forms.RadioSelect
    )
    title = SingleLineField(
        label=_("Title"), max_length=120, validators=[reject_control_characters], widget=forms.TextInput
    )
    summary = SingleLineField(
        label=_("Summary"),
        max_length=280,
        validators=[reject_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 280 characters: what it is, and who it helps."),
    )
    phase = forms.ChoiceField(
        label=_("Innovation phase"),
        choices=[("", _("Choose a phase")), *Phase.choices],
        help_text=_(
            "Where in an innovation process it helps most. Not sure? Choose the closest; we can change it."
        ),
    )
    text = MultiLineField(
        label=_("Tell us about it"),
        max_length=10000,
        validators=[reject_control_characters],
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "The problem, what you did or would do, and what came of it. Plain text; leave an empty "
            "line between paragraphs. At most 10,000 characters."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        max_length=200,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "Optional. At most 10 MB: PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text or CSV."
        ),
    )
    name = SingleLineField(
        label=_("Name"), max_length=120, validators=[reject_control_characters, reject_markup]
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We write to you when we have read your contribution."),
    )
    consent = forms.BooleanField(
        label=_(
            "I have the right to share this, and I agree that Innovatarium publishes it under the "
            "licence CC BY-SA 4.0."
        ),
        help_text=_(
            "Anyone may then use, adapt and share it, as long as they name the source and share their "
            "version on the same terms."
        ),
        error_messages={
            "required": _("Please accept the licence, so that we may publish your contribution.")
        },
    )

    def __init__(self, *args, language: str = "da", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def summary_notes(self) -> list[str]:
        # A browser cannot keep a chosen file when the form comes back with errors elsewhere.
        chosen = self.is_bound and bool(self.files.get("file"))
        if chosen and self.errors and "file" not in self.errors:
            return [_("Your browser has let go of the file you chose: please choose it again.")]
        return []

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        extension = extension_of(upload.name)
        if extension not in ALLOWED_EXTENSIONS:
            raise ValidationError(
                _(
                    "We cannot take files of this type. Send a PDF, Word, Excel, PowerPoint, OpenDocument, "
                    "PNG, JPEG, text or CSV file."
                ),
                code="file_type",
            )
        if upload.size > MAX_SIZE:
            raise ValidationError(
                _(
                    "The file is %(size)s; it may be at most 10 MB. Make it smaller, or leave it out and "
                    "tell us about it in the text."
                ),
                code="file_size",
                params={"size": filesizeformat(upload.size)},
            )
        if not content_matches_extension(upload, extension):
            if extension in TEXT_EXTENSIONS:
                message = _("The file is not plain text in UTF-8. Save it as UTF-8 text and choose it again.")
            else:
                message = _(
                    "The file's name ends in .%(extension)s, but its content is not a %(type)s file. "
                    "Save it again in that format and choose it again."
                )
            raise ValidationError(
                message,
                code="disguised",
                params={"extension": extension, "type": ALLOWED_EXTENSIONS[extension]},
            )
        refuse_harmful_content(upload, extension)
        return upload

    def submission(self) -> Submission:
        data = self.cleaned_data
        return Submission(
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            phase=data["phase"],
            text=data["text"],
            name=data["name"],
            email=data["email"].strip(),
            language=self.language,
            file=data["file"],
        )
