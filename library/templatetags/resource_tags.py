"""Template tags that bring the library onto event pages."""

from django import template

from home.templatetags.site_tags import active_locale

register = template.Library()


@register.inclusion_tag("library/components/event_resources.html", takes_context=True)
def event_resources(context, event):
    """The material made at or used in an event, in the visitor's language."""
    from library.relations import resources_for_event

    return {"resources": list(resources_for_event(event, active_locale(context["request"])))}
