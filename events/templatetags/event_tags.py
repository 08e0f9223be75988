"""Template tags for events: snippets in the visitor's language, JSON-LD, the home page's next events."""

from django import template
from django.utils import timezone

from wagtail.models import Locale

from events.availability import availability
from home.templatetags.site_tags import active_locale

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


@register.simple_tag(takes_context=True)
def event_jsonld(context, page):
    from events.jsonld import event_jsonld as build
    from events.jsonld import jsonld_script

    return jsonld_script(build(page, context["request"]))


@register.inclusion_tag("events/components/upcoming_events.html", takes_context=True)
def upcoming_events(context, count=4):
    """The next events in the visitor's language, for the home page block."""
    from events.listing import events_for_list
    from events.listing import upcoming_events as upcoming

    locale = active_locale(context["request"])
    events = list(events_for_list(upcoming(locale=locale).order_by("start", "pk"))[:count])
    now = timezone.now()
    for event in events:
        event.availability = availability(event, now)
    index = events[0].get_parent() if events else None
    return {"events": events, "index": index, "request": context["request"]}
