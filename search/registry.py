"""The kinds of page the site search shows, each with its label and its own facet.

Adding a kind of page to the search is one entry in RESULT_TYPES. The model must be indexed
(search_fields), and a facet's field must be an index.FilterField on it.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.vocabulary import EventFormat
from library.vocabulary import Phase


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
class ResultType:
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


RESULT_TYPES: tuple[ResultType, ...] = (
    ResultType("page", "home.StandardPage", _("Page"), _("Pages")),
    ResultType(
        "event",
        "events.EventPage",
        _("Event"),
        _("Events"),
        facet=Facet("format", _("Format"), EventFormat.choices),
        date_field="start",
    ),
    ResultType(
        "resource",
        "library.ResourcePage",
        _("Resource"),
        _("Resources"),
        facet=Facet("phase", _("Phase"), Phase.choices),
    ),
)


def result_type(key: str) -> ResultType | None:
    return next((kind for kind in RESULT_TYPES if kind.key == key), None)


def result_type_for_content_type(content_type_id: int) -> ResultType | None:
    return next((kind for kind in RESULT_TYPES if kind.content_type_id == content_type_id), None)
