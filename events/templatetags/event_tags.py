"""Template tags for events: JSON-LD, the home page's next events, other apps' sections of the event page."""

from django import template
from django.utils import timezone

from events.availability import availability
from home.templatetags.site_tags import active_locale

register = template.Library()


@register.filter
def option_price(option) -> str:
    """A price option's amount with its VAT statement, in the active language."""
    from events.pricing import option_text

    return option_text(option)


@register.filter
def registration_price(registration) -> str:
    """The price a registration was booked at, with its VAT statement, in the active language."""
    from events.pricing import price_text

    return price_text(registration.price_amount, registration.vat_rate, registration.vat_exempt_reason)


@register.simple_tag
def accommodation_price(amount, vat) -> str:
    """A price per night of accommodation with its VAT statement, in the active language."""
    from events.pricing import price_text

    return price_text(amount, vat)


@register.simple_tag(takes_context=True)
def event_jsonld(context, page):
    from core.jsonld import jsonld_script
    from events.jsonld import event_jsonld as build

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


@register.simple_tag(takes_context=True)
def event_page_sections(context, event):
    from events.extensions import event_page_sections as sections

    return sections(context["request"], event)
