"""How the library and the calendar feed each other: related resources and events, in the visitor's
language, whichever language the editor linked them in (links are matched by translation key)."""

from django.db.models import Q, QuerySet

from wagtail.models import Locale

from events.models import EventPage
from library.models import ResourcePage


def related_resources(resource: ResourcePage, locale: Locale) -> QuerySet:
    """Resources this one links to and resources that link to it, in one query."""
    linked = resource.related_resources.values("translation_key")
    linking = ResourcePage.objects.filter(related_resources__translation_key=resource.translation_key).values(
        "translation_key"
    )
    return (
        ResourcePage.objects.live()
        .public()
        .filter(locale=locale)
        .filter(Q(translation_key__in=linked) | Q(translation_key__in=linking))
        .exclude(translation_key=resource.translation_key)
        .order_by("resource_type", "title")
    )


def events_for_resource(resource: ResourcePage, locale: Locale) -> QuerySet:
    return (
        EventPage.objects.live()
        .public()
        .filter(locale=locale, translation_key__in=resource.related_events.values("translation_key"))
        .select_related("venue")
        .order_by("-start")
    )


def resources_for_event(event: EventPage, locale: Locale) -> QuerySet:
    return (
        ResourcePage.objects.live()
        .public()
        .filter(locale=locale)
        .filter(
            translation_key__in=ResourcePage.objects.filter(
                related_events__translation_key=event.translation_key
            ).values("translation_key")
        )
        .order_by("-published_date", "title")
    )
