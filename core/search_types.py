"""The kinds of page the site search shows, registered by the apps that own them.

An app answers the `register_search_result_type` Wagtail hook with SearchResultType entries: the
model (indexed through its search_fields), its labels, and an optional facet (an index.FilterField).
The search app lists them in the hooks' `order` and names no app itself.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import Promise

from wagtail import hooks

HOOK = "register_search_result_type"


@dataclass(frozen=True)
class Facet:
    """A second choice offered once the visitor has picked the type, e.g. an event's format."""

    field: str  # model field and query-string name
    label: Promise
    choices: list[tuple[str, Promise]] = field(default_factory=list)

    @property
    def values(self) -> set[str]:
        return {value for value, _label in self.choices}

    def label_for(self, value: str) -> str:
        return dict(self.choices).get(value, value)


@dataclass(frozen=True)
class SearchResultType:
    key: str  # the ?type= value
    model_label: str  # "app_label.ModelName"
    label: Promise  # one result
    plural: Promise  # the facet
    facet: Facet | None = None
    date_field: str | None = None  # shown with each result, e.g. an event's start

    @cached_property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def content_type_id(self) -> int:
        # ContentType keeps its own cache: no query after the first.
        return ContentType.objects.get_for_model(self.model).pk


def registered_result_types() -> tuple[SearchResultType, ...]:
    return tuple(kind for register in hooks.get_hooks(HOOK) for kind in register())
