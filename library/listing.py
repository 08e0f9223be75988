"""The library page: facets from the query string, counts per option, paginated, in bounded queries.

Options within one facet are alternatives (a method OR a case); facets combine (a method AND in
the ideate phase). Each facet's counts say how many resources an option would give together with
the other facets chosen, so a visitor never picks a way into an empty list.
"""

import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from library.models import ResourcePage
from library.vocabulary import GroupSize, Licence, MaterialLanguage, Phase, ResourceType, TimeNeeded
from taxonomy.models import Profession, TargetGroup, Theme

PAGE_SIZE = 18
SLUG = re.compile(r"[-a-z0-9]{1,80}")
# More values than any facet has options is not a visitor: stop reading there.
MAX_VALUES_PER_FACET = 30


@dataclass(frozen=True)
class Facet:
    key: str  # the query-string parameter
    label: str
    field: str  # the ResourcePage field, or the many-to-many relation
    choices: type | None = None  # a TextChoices for fixed keys; None for a vocabulary snippet
    vocabulary: type | None = None

    @property
    def is_vocabulary(self) -> bool:
        return self.vocabulary is not None

    def clean(self, values: list[str]) -> list[str]:
        """Known values only: an old shared link with a retired option still works, and nothing
        a visitor types reaches the database unchecked."""
        values = values[:MAX_VALUES_PER_FACET]
        if self.is_vocabulary:
            allowed = [value for value in values if SLUG.fullmatch(value)]
        else:
            allowed = [value for value in values if value in self.choices.values]
        return list(dict.fromkeys(allowed))

    def apply(self, resources: QuerySet, values: list[str]) -> QuerySet:
        if not values:
            return resources
        if self.is_vocabulary:
            # A subquery rather than a join, so a resource in two chosen themes is listed once.
            matching = ResourcePage.objects.filter(**{f"{self.field}__slug__in": values}).values("pk")
            return resources.filter(pk__in=matching)
        return resources.filter(**{f"{self.field}__in": values})

    def counts(self, resources: QuerySet) -> dict[str, int]:
        """How many of these resources each option matches, in one query."""
        if self.is_vocabulary:
            through = getattr(ResourcePage, self.field).through
            vocabulary_column = f"{self.vocabulary._meta.model_name}__slug"
            rows = (
                through.objects.filter(resourcepage__in=resources.values("pk"))
                .values(vocabulary_column)
                .annotate(count=Count("resourcepage", distinct=True))
                .values_list(vocabulary_column, "count")
            )
        else:
            rows = (
                resources.order_by()
                .values(self.field)
                .annotate(count=Count("pk"))
                .values_list(self.field, "count")
            )
        return {value: count for value, count in rows if value}


FACETS = [
    Facet("type", _("Type"), "resource_type", choices=ResourceType),
    Facet("phase", _("Innovation phase"), "phase", choices=Phase),
    Facet("theme", _("Theme"), "themes", vocabulary=Theme),
    Facet("target", _("Target group"), "target_groups", vocabulary=TargetGroup),
    Facet("profession", _("Profession"), "professions", vocabulary=Profession),
    Facet("time", _("Time needed"), "time_needed", choices=TimeNeeded),
    Facet("size", _("Group size"), "group_size", choices=GroupSize),
    Facet("language", _("Language of the material"), "material_language", choices=MaterialLanguage),
    Facet("licence", _("Licence"), "licence", choices=Licence),
]


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetView:
    facet: Facet
    options: list[Option] = field(default_factory=list)

    @property
    def selected(self) -> list[Option]:
        return [option for option in self.options if option.selected]


def selection_from_query(query: QueryDict) -> dict[str, list[str]]:
    return {facet.key: facet.clean(query.getlist(facet.key)) for facet in FACETS}


def filtered(resources: QuerySet, selection: dict[str, list[str]], except_key: str = "") -> QuerySet:
    for facet in FACETS:
        if facet.key != except_key:
            resources = facet.apply(resources, selection[facet.key])
    return resources


def vocabulary_labels(locale: Locale) -> dict[type, dict[str, str]]:
    """Slug → name in the visitor's language for each vocabulary (slugs are shared by translations)."""
    return {
        model: dict(model.objects.filter(locale=locale).values_list("slug", "name"))
        for model in (Theme, TargetGroup, Profession)
    }


def facet_views(resources: QuerySet, selection: dict[str, list[str]], locale: Locale) -> list[FacetView]:
    labels = vocabulary_labels(locale)
    views = []
    for facet in FACETS:
        chosen = selection[facet.key]
        counts = facet.counts(filtered(resources, selection, except_key=facet.key))
        if facet.is_vocabulary:
            names = labels[facet.vocabulary]
            choices = sorted(names.items(), key=lambda item: item[1].lower())
        else:
            choices = facet.choices.choices
        options = [
            Option(value, str(label), counts.get(value, 0), value in chosen)
            for value, label in choices
            # An option that would give nothing is left out, unless the visitor chose it.
            if counts.get(value) or value in chosen
        ]
        views.append(FacetView(facet, options))
    return views


def resources_for_list(resources: QuerySet) -> QuerySet:
    """Everything a card shows is on the page row itself: one query whatever the page size."""
    return resources.select_related("locale")


def library_listing(index_page, request) -> dict:
    selection = selection_from_query(request.GET)
    resources = ResourcePage.objects.live().public().child_of(index_page)
    matching = filtered(resources, selection).order_by("-published_date", "-pk")
    page = Paginator(resources_for_list(matching), PAGE_SIZE).get_page(request.GET.get("page"))
    facets = facet_views(resources, selection, index_page.locale)
    return {
        "resources": page,
        "facets": facets,
        "chosen": [
            (view.facet, option, remove_query(request.GET, view.facet.key, option.value))
            for view in facets
            for option in view.selected
        ],
        "filter_query": query_without_page(request.GET),
    }


def query_without_page(query: QueryDict) -> str:
    params = query.copy()
    params.pop("page", None)
    return params.urlencode()


def remove_query(query: QueryDict, key: str, value: str) -> str:
    """The query string with one chosen option taken away: the link behind "remove this filter"."""
    params = query.copy()
    params.pop("page", None)
    params.setlist(key, [item for item in params.getlist(key) if item != value])
    return params.urlencode()
