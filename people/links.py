"""Where a person or an organisation can be found on the site, told by the apps that give them pages.

The directory (network) gives consenting people and organisations a page and a relay form. It
answers the `register_people_links` Wagtail hook with a function that takes the request, the kind
("person" or "organisation") and the snippets, and returns a PeopleLinks for each translation key
it knows. Pages that name people (events, resources) show those links without knowing the directory.
"""

from dataclasses import dataclass

from wagtail import hooks

HOOK = "register_people_links"


@dataclass(frozen=True)
class PeopleLinks:
    page_url: str = ""  # their own page
    write_url: str = ""  # a form for writing to them


def links_for(request, kind: str, snippets: list) -> dict:
    """The links every registered app gives, by translation key; later registrations fill gaps."""
    found: dict = {}
    for links in hooks.get_hooks(HOOK):
        for key, link in links(request, kind, snippets).items():
            known = found.get(key, PeopleLinks())
            found[key] = PeopleLinks(known.page_url or link.page_url, known.write_url or link.write_url)
    return found
