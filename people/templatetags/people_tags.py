"""Template tags for people and organisations named on a page."""

from django import template

from people.links import PeopleLinks, links_for

register = template.Library()


@register.inclusion_tag("people/components/credits.html", takes_context=True)
def credits(context, people=(), organisations=()):
    """Who made an event or a resource, each linked to their own page and a way to write to them
    where the apps give those (a fixed number of queries, whatever the number of names)."""
    request = context["request"]
    entries = []
    for kind, snippets in (("person", list(people or ())), ("organisation", list(organisations or ()))):
        if not snippets:
            continue
        links = links_for(request, kind, snippets)
        for snippet in snippets:
            link = links.get(snippet.translation_key, PeopleLinks())
            entries.append(
                {
                    "snippet": snippet,
                    "is_person": kind == "person",
                    "url": link.page_url,
                    "write_url": link.write_url,
                }
            )
    return {"entries": entries}
