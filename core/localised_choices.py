"""A page names venues, themes, professions, target groups, people and organisations in its own language.

Each of these snippets exists once per language. A Danish page that names an English theme shows
English words on the Danish site and counts twice in filters, and the editor's choosers offered both
("Inklusion" next to "Inclusion", every person twice). So:
- `snippet_fields` finds a model's foreign keys and many-to-many fields to translatable snippets
  (links to pages are left out: those are followed to the visitor's language when shown);
- `LocalisedChoicesForm` offers only the snippets in the page's language;
- `wrong_language_errors` is the model rule behind it, for the page's `clean()`;
- `choose_in_target_language` gives a new translation the translations of its source's snippets
  (Wagtail copies the Danish ones; wagtail-localize translates foreign keys only, and not at all
  when Wagtail's own copy_for_translation is used). A snippet without a translation gets one the way
  wagtail-localize makes it for a venue: a synced copy to translate.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, TranslatableMixin

from core.page_form import SitePageForm
from core.translation import KeepExistingTranslations


def language_name(locale) -> str:
    """The language's name in the editor's language ("dansk", "Danish"), for a sentence."""
    return get_language_info(locale.language_code)["name_translated"]


def snippet_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.ManyToManyField)
        and field.editable
        and issubclass(field.related_model, TranslatableMixin)
        and not issubclass(field.related_model, Page)
    ]


def chosen(instance, field) -> list:
    if field.many_to_many:
        return list(getattr(instance, field.name).all())
    value = getattr(instance, field.name)
    return [value] if value is not None else []


def wrong_language_errors(instance) -> dict[str, ValidationError]:
    """The page's fields that name a snippet in another language than the page's, with the error."""
    errors = {}
    for field in snippet_fields(type(instance)):
        others = [item for item in chosen(instance, field) if item.locale_id != instance.locale_id]
        if others:
            errors[field.name] = ValidationError(
                _("Choose in the page's language (%(language)s). In another language: %(names)s."),
                code="wrong_language",
                params={
                    "language": language_name(instance.locale),
                    "names": ", ".join(str(item) for item in others),
                },
            )
    return errors


def in_locale(items: list, locale, user=None) -> list:
    """The translations of these snippets in the locale; those without one are translated first."""
    mapped = []
    for item in items:
        if item.locale_id != locale.pk and not item.has_translation(locale):
            KeepExistingTranslations(user, [locale]).create_translations(item, include_related_objects=False)
        mapped.append(item if item.locale_id == locale.pk else item.get_translation(locale))
    return mapped


def localise_choices(source, target) -> None:
    """Make a page's translation name, in its own language, the snippets its source names."""
    if not isinstance(target, Page) or target.locale_id == source.locale_id:
        return
    for field in snippet_fields(type(target)):
        items = in_locale(chosen(source, field), target.locale)
        if field.many_to_many:
            getattr(target, field.name).set(items)
        else:
            setattr(target, field.name, items[0] if items else None)


def choose_in_target_language(sender, source_obj, target_obj, **kwargs):
    """copy_for_translation_done: the new translation names the snippets' translations."""
    if not isinstance(target_obj, Page):
        return
    localise_choices(source_obj, target_obj)
    # Copying has saved the page already; the caller (wagtail-localize) saves it again after this.
    target_obj.save(clean=False)


class LocalisedChoicesForm(SitePageForm):
    """A page form whose snippet fields offer the page's language only, named with its language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self.instance.locale
        for field in snippet_fields(type(self.instance)):
            form_field = self.fields.get(field.name)
            if form_field is None:
                continue
            if not field.many_to_many:
                # A list of the page's language, not the snippet chooser, whose pop-up lists every language.
                form_field.widget = forms.Select()
            form_field.queryset = field.related_model.objects.filter(locale=locale)
            shown_in = _("Shown in %(language)s, the page's language.") % {"language": language_name(locale)}
            form_field.help_text = f"{form_field.help_text} {shown_in}".strip()


def localise_page(page) -> bool:
    """Make an existing page (its row and its latest revision, which the editor opens) name the
    snippets of its own language. True when something changed.

    Databases made before the page-language rule hold English pages that name the Danish snippets
    Wagtail copied with them; the rule would refuse their next save or sync.
    """
    changed = False
    objects = [page]
    revision = page.latest_revision
    draft = revision.as_object() if revision else None
    if draft is not None:
        objects.append(draft)
    for instance in objects:
        for field in snippet_fields(type(instance)):
            items = chosen(instance, field)
            if all(item.locale_id == page.locale_id for item in items):
                continue
            changed = True
            mapped = in_locale(items, page.locale)
            if field.many_to_many:
                getattr(instance, field.name).set(mapped)
            else:
                setattr(instance, field.name, mapped[0] if mapped else None)
    if changed:
        page.save(clean=False)
        if draft is not None:
            revision.content = draft.serializable_data()
            revision.save(update_fields=["content"])
    return changed
