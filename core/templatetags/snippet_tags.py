"""Translatable snippets (venues, themes, people …) in the visitor's language, in one query."""

from django import template

from wagtail.models import Locale

register = template.Library()


def in_active_language(objects: list) -> list:
    """The translations of translatable snippets in the visitor's language, in one query."""
    if not objects:
        return []
    locale = Locale.get_active()
    missing = [obj for obj in objects if obj.locale_id != locale.pk]
    if not missing:
        return objects
    model = type(objects[0])
    translated = {
        obj.translation_key: obj
        for obj in model.objects.filter(
            translation_key__in=[obj.translation_key for obj in missing], locale=locale
        )
    }
    return [translated.get(obj.translation_key, obj) for obj in objects]


@register.simple_tag
def localized_snippets(queryset):
    return in_active_language(list(queryset))


@register.simple_tag
def localized_snippet(obj):
    return in_active_language([obj])[0] if obj is not None else None
