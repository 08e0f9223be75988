"""Facts about a person or an organisation that are the same in every language, kept so at once.

wagtail-localize copies synchronised fields only when an editor syncs a translation. Consent to
be shown in the directory cannot wait for that: unticking it in one language must hide the person
in both. So saving one translation writes these facts to its siblings straight away, and an
organisation's themes (a plain many-to-many, which translations do not copy) follow along, each
mapped to the theme's own translation in the sibling's language.
"""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from people.models import Organisation, Person
from taxonomy.models import Theme

SHARED_FACTS = {
    Person: ("name", "slug", "show_in_directory"),
    Organisation: ("slug", "kind", "website", "show_in_directory"),
}


def siblings(snippet):
    return type(snippet).objects.filter(translation_key=snippet.translation_key).exclude(pk=snippet.pk)


def share_facts(snippet) -> None:
    model = type(snippet)
    facts = {name: getattr(snippet, name) for name in SHARED_FACTS[model]}
    for sibling in siblings(snippet).only("pk", "locale_id", "slug"):
        values = dict(facts)
        # Slugs are unique per language: keep the sibling's own when another row there has this one.
        taken = model.objects.filter(locale_id=sibling.locale_id, slug=values["slug"]).exclude(pk=sibling.pk)
        if taken.exists():
            values.pop("slug")
        model.objects.filter(pk=sibling.pk).update(**values)  # update(): no signals, no recursion


def share_themes(organisation: Organisation) -> None:
    themes = list(organisation.themes.all())
    keys = [theme.translation_key for theme in themes]
    for sibling in siblings(organisation):
        translated = {
            theme.translation_key: theme
            for theme in Theme.objects.filter(translation_key__in=keys, locale_id=sibling.locale_id)
        }
        wanted = [translated.get(theme.translation_key, theme) for theme in themes]
        # set() changes only what differs, so the sibling's own signal finds nothing to pass back.
        sibling.themes.set(wanted)


@receiver(post_save, sender=Person)
@receiver(post_save, sender=Organisation)
def keep_translations_in_step(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    share_facts(instance)
    if created and sender is Organisation:
        # A new translation starts with the themes its source already has.
        source = siblings(instance).prefetch_related("themes").first()
        if source is not None and source.themes.exists():
            share_themes(source)


@receiver(m2m_changed, sender=Organisation.themes.through)
def keep_themes_in_step(sender, instance, action, reverse, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        share_themes(instance)
