"""Template tags for the library: the home page's latest resources."""

from django import template

from home.templatetags.site_tags import active_locale

register = template.Library()


@register.inclusion_tag("library/components/featured_resources.html", takes_context=True)
def featured_resources(context, count=3):
    """The latest published resources in the visitor's language, newest first, for the home page block."""
    from library.models import ResourcePage

    request = context["request"]
    resources = list(
        ResourcePage.objects.live()
        .public()
        .filter(locale=active_locale(request))
        .order_by("-published_date", "-first_published_at", "-pk")[:count]
    )
    # The library page is the resources' parent: one query, whatever the number of cards.
    library = resources[0].get_parent() if resources else None
    return {"resources": resources, "library": library, "request": request}
