"""Strict resource filters from a query string, for the listings API and the Atom feed.

The library's own page (library/listing.py) forgives unknown facet values so old links keep working;
a machine client gets an error instead, like the events filters in events/query.py.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from core.query_params import (
    MAX_TEXT_LENGTH,
    InvalidFilter,
    check_vocabulary,
    parse_moment,
    text_of,
    values_of,
)
from library.models import ResourcePage
from library.vocabulary import MaterialLanguage, ParticipationLevel, Phase, ResourceType
from people.models import Organisation
from taxonomy.models import Profession, TargetGroup, Theme

# Parameters that only resources take: a feed given one of them leaves events out.
RESOURCE_ONLY_PARAMETERS = ("type", "phase", "target_group", "participation", "language")


@dataclass(frozen=True)
class ResourceQuery:
    types: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    participation: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    published_from: dt.datetime | None = None
    published_before: dt.datetime | None = None
    text: str = ""

    @classmethod
    def parse(cls, query) -> "ResourceQuery":
        search = text_of(query, "q")
        if len(search) > MAX_TEXT_LENGTH:
            raise InvalidFilter("q", f"q may be at most {MAX_TEXT_LENGTH} characters.")
        parsed = cls(
            types=values_of(query, "type", ResourceType.values),
            phases=values_of(query, "phase", Phase.values),
            themes=values_of(query, "theme"),
            professions=values_of(query, "profession"),
            target_groups=values_of(query, "target_group"),
            partners=values_of(query, "partner"),
            participation=values_of(query, "participation", ParticipationLevel.values),
            languages=values_of(query, "language", MaterialLanguage.values),
            published_from=parse_moment(query, "from", end_of_day=False),
            published_before=parse_moment(query, "to", end_of_day=True),
            text=search,
        )
        check_vocabulary(
            [
                ("theme", Theme, parsed.themes),
                ("profession", Profession, parsed.professions),
                ("target_group", TargetGroup, parsed.target_groups),
                ("partner", Organisation, parsed.partners),
            ]
        )
        return parsed

    def matching(self, resources: QuerySet) -> QuerySet:
        return resources.filter(pk__in=self.apply(resources).values("pk"))

    def apply(self, resources: QuerySet) -> QuerySet:
        """Filter resource pages (any language); a theme or partner join may repeat a row."""
        simple = {
            "resource_type__in": self.types,
            "phase__in": self.phases,
            "themes__slug__in": self.themes,
            "professions__slug__in": self.professions,
            "target_groups__slug__in": self.target_groups,
            "contributor_organisations__slug__in": self.partners,
            "participation_level__in": self.participation,
            "material_language__in": self.languages,
        }
        for lookup, wanted in simple.items():
            if wanted:
                resources = resources.filter(**{lookup: wanted})
        if self.published_from:
            resources = resources.filter(published_date__gte=self.published_from.date())
        if self.published_before:
            resources = resources.filter(published_date__lt=self.published_before.date())
        if self.text:
            matching = ResourcePage.objects.filter(
                Q(title__icontains=self.text) | Q(summary__icontains=self.text)
            ).values("translation_key")
            resources = resources.filter(translation_key__in=matching)
        return resources
