"""Template tags of the directory: entry JSON-LD, and the entries a site search finds by name."""

from django import template

from wagtail.models import Locale

from network.directory import entry_url

register = template.Library()


@register.simple_tag(takes_context=True)
def directory_jsonld(context, entry):
    from core.jsonld import jsonld_script
    from network.directory import LOGO, entry_jsonld

    request = context["request"]
    logo = getattr(entry, "logo", None)
    logo_url = request.build_absolute_uri(logo.get_rendition(LOGO).url) if logo else ""
    return jsonld_script(entry_jsonld(entry, request.build_absolute_uri(request.path), logo_url))


@register.inclusion_tag("network/components/directory_matches.html", takes_context=True)
def directory_matches(context, query: str):
    """Organisations and people whose name matches a site search, with links to their entries."""
    from network.directory import matching_entries

    request = context["request"]
    words = query.split()[:6]
    entries = matching_entries(words, Locale.get_active()) if words else []
    linked = [(entry, entry_url(request, entry)) for entry in entries]
    return {"entries": [(entry, url) for entry, url in linked if url]}
