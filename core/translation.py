"""wagtail-localize's Translate action, made safe for snippets that already have a translation.

When an editor translates a page, wagtail-localize (1.14, `operations.TranslationCreator`) also
"translates" every translatable snippet the page names (its related-object segments: an event's
venue, a block's snippet), and it does so for every chosen language, whether or not the snippet
already exists in it: it re-enables the snippet's translation and writes the snippet again from its
segments, falling back to the source language for every segment without a stored translation. A
venue whose English was written in the snippet editor, or whose synced translation an editor had
stopped, thus got its Danish text back on every English event (issue 16, finding 1). Its own
comment says the Translate form never offers a language the object already has, which holds for
the page the editor chose but not for the snippets it pulls in.

`KeepExistingTranslations` translates a related snippet only into the languages it lacks; the page
then points at the snippet's existing translation, which wagtail-localize's ingestion does anyway.
wagtail-localize has no setting for this, and `translate_object` and `translate_page_subtree` look up
`TranslationCreator` in their module when called, so `install()` (from core.apps) swaps the class
there: a subclass with one changed method, not a fork. tests/events/test_translating.py proves it.

`copy_synchronised_fields_in_target_language` is the same kind of swap for syncing a page's choices.
"""

from wagtail_localize import models as localize_models
from wagtail_localize import operations

copy_synchronised_fields = localize_models.copy_synchronised_fields


class KeepExistingTranslations(operations.TranslationCreator):
    def create_translations(self, instance, include_related_objects=True):
        if include_related_objects:
            # The object the editor chose to translate (or a page of its subtree): unchanged.
            return super().create_translations(instance, include_related_objects=True)
        # A snippet the page names: wagtail-localize calls this with include_related_objects=False.
        chosen = self.target_locales
        self.target_locales = [locale for locale in chosen if not instance.has_translation(locale)]
        try:
            if self.target_locales:
                super().create_translations(instance, include_related_objects=False)
        finally:
            self.target_locales = chosen
        return None


def copy_synchronised_fields_in_target_language(source, target) -> None:
    """wagtail-localize's copy of the synchronised fields, then the page's snippets in its own language.

    Every time a translation is made or brought up to date ("Sync translated pages", publishing from
    the translation editor), wagtail-localize copies the source page's many-to-many choices (themes,
    professions, people, partners) onto the translation as they are: the Danish themes onto the
    English page, which the page-language rule then refused, and the sync swallowed the refusal, so
    the English page silently kept its old themes. It also copies nothing when the source's list is
    empty, so a theme taken off the Danish page stayed on the English one.
    """
    copy_synchronised_fields(source, target)
    from core.localised_choices import localise_choices

    localise_choices(source, target)


def install() -> None:
    operations.TranslationCreator = KeepExistingTranslations
    # TranslationSource.create_or_update_translation looks the function up in its module when called.
    localize_models.copy_synchronised_fields = copy_synchronised_fields_in_target_language
