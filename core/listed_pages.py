"""The page types that other channels list (the partner API and its sync), with what else they show.

An app answers the `register_listed_pages` Wagtail hook with ListedPages entries: the page model,
the snippets its public record shows and through which relations, and the rows whose changes
change the record (a registration changes an event's seats left). Consumers connect their signals
from these entries, so no consumer names an app.
"""

from dataclasses import dataclass, field

from django.apps import apps

from wagtail import hooks

HOOK = "register_listed_pages"


@dataclass(frozen=True)
class ListedPages:
    kind: str  # the listing's name, e.g. "event"
    model_label: str  # "app_label.Model"
    # Snippet model label → the page's relations that show it (renaming a theme changes the record).
    shows: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Model label → its foreign key to the page (a new registration changes the seats left).
    changes_with: dict[str, str] = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)


def registered_listed_pages() -> dict[str, ListedPages]:
    """Every registered page type, by kind."""
    return {listed.kind: listed for register in hooks.get_hooks(HOOK) for listed in register()}
