"""Links from events and resources to the directory: a person's or organisation's page, and the
relay form for writing to them."""

from django import template
from django.urls import reverse

from wagtail.models import Locale

from network.models import ContactAddress, DirectoryPage

register = template.Library()


def _directory_page(request):
    """The directory page in the visitor's language, looked up once per request."""
    if not hasattr(request, "_directory_page"):
        request._directory_page = DirectoryPage.objects.live().filter(locale=Locale.get_active()).first()
    return request._directory_page


def _entry_url(request, snippet) -> str:
    if not snippet.show_in_directory:
        return ""
    page = _directory_page(request)
    if page is None:
        return ""
    return page.get_url(request) + page.entry_path(snippet)


@register.inclusion_tag("network/components/credits.html", takes_context=True)
def credits(context, people=(), organisations=()):
    """Who made an event or a resource, each linked to their directory page and relay form when
    they have them: one query for the directory page and one per kind for the relay addresses."""
    request = context["request"]
    entries = []
    for kind, snippets in (("person", list(people or ())), ("organisation", list(organisations or ()))):
        if not snippets:
            continue
        keys = [snippet.translation_key for snippet in snippets]
        takes_messages = set(
            ContactAddress.objects.filter(**{f"{kind}__translation_key__in": keys}).values_list(
                f"{kind}__translation_key", flat=True
            )
        )
        for snippet in snippets:
            entries.append(
                {
                    "snippet": snippet,
                    "is_person": kind == "person",
                    "url": _entry_url(request, snippet),
                    "write_url": reverse("network_contact", args=[kind, snippet.translation_key])
                    if snippet.translation_key in takes_messages
                    else "",
                }
            )
    return {"entries": entries}


@register.simple_tag(takes_context=True)
def directory_jsonld(context, entry):
    from events.jsonld import jsonld_script
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
    linked = [(entry, _entry_url(request, entry)) for entry in entries]
    return {"entries": [(entry, url) for entry, url in linked if url]}
