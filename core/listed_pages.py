"""The page types that other channels list (the partner API and its sync), with what else they show.

An app answers the `register_listed_pages` Wagtail hook with ListedPages entries: the page model,
the snippets and media its public record shows and through which relations, the rows whose changes
change the record (a registration changes an event's seats left), and the other listed items it
names (a resource lists the ids of its related events, which change when an event leaves the
site). Consumers connect their signals from these entries, so no consumer names an app.
"""

from dataclasses import dataclass, field

from django.apps import apps

from wagtail import hooks

HOOK = "register_listed_pages"


@dataclass(frozen=True)
class ListedPages:
    kind: str  # the listing's name, e.g. "event"
    model_label: str  # "app_label.Model"
    # Snippet, image or document model label → the page's relations that show it (renaming a theme
    # changes the record; so does deleting its image).
    shows: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Model label → its foreign key to the page (a new registration changes the seats left).
    changes_with: dict[str, str] = field(default_factory=dict)
    # Kind of listing → the page's relations to pages of that kind (a resource names its related
    # events): the record changes whenever such a page is published, unpublished or deleted.
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)


def registered_listed_pages() -> dict[str, ListedPages]:
    """Every registered page type, by kind."""
    return {listed.kind: listed for register in hooks.get_hooks(HOOK) for listed in register()}
