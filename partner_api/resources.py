"""Resources in the listings API: the library's methods, cases, guides and media, with the events'
conventions (one record across languages, strict filters, sync with tombstones)."""

import datetime as dt
from collections import defaultdict

from ninja import Field, Query, Router
from ninja import Schema as QuerySchema

from django.db.models import QuerySet
from django.utils import timezone

from core.query_params import MAX_TEXT_LENGTH, InvalidFilter
from events.models import EventPage
from library.models import ResourceFile, ResourcePage
from library.query import ResourceQuery
from library.vocabulary import (
    Difficulty,
    FileRole,
    GroupSize,
    Licence,
    MaterialLanguage,
    ParticipationLevel,
    Phase,
    ResourceType,
    TimeNeeded,
    licence_url,
)
from partner_api import records
from partner_api.changes import SyncMark, continuing_from
from partner_api.http import PAGING_PARAMETERS, error_response, listing_endpoint, query_parameters
from partner_api.models import ListingKind
from partner_api.schemas import CURSOR, SLUG_LIST, SYNC_TOKEN, Error, Resource, ResourceList, choice_list
from people.models import Organisation, Person
from taxonomy.models import Profession, TargetGroup, Theme

router = Router(tags=["resources"])

IMAGE_SPEC = "fill-1200x630"
FILTER_HELP = {
    "type": "Comma-separated resource types: " + ", ".join(ResourceType.values) + ".",
    "phase": "Comma-separated innovation phases: " + ", ".join(Phase.values) + ".",
    "theme": "Comma-separated theme slugs (see /vocabularies/themes).",
    "profession": "Comma-separated profession slugs.",
    "target_group": "Comma-separated target group slugs (see /vocabularies/target-groups).",
    "partner": "Comma-separated slugs of contributing organisations (see /vocabularies/partners).",
    "participation": "Comma-separated citizen participation levels: "
    + ", ".join(ParticipationLevel.values)
    + ".",
    "language": "Comma-separated languages of the material: " + ", ".join(MaterialLanguage.values) + ".",
    "from": "Published on or after this date (YYYY-MM-DD).",
    "to": "Published on or before this date (YYYY-MM-DD).",
    "q": "Text in the title or summary, in any language (at most 100 characters).",
    "since": "Incremental sync: the sync_token of the previous run's first page. Gives the resources "
    "changed since that run began, and tombstones for resources unpublished, deleted or no longer "
    "matching the filters; exact even for changes that committed while that run was reading.",
    "modified_since": "Older incremental sync (kept for v1 clients; prefer since): resources changed at "
    "or after this ISO 8601 time (with offset), with tombstones. Can miss a change that was being "
    "saved while the previous run read.",
}


class ResourceFilters(QuerySchema):
    """The filters' types, for the OpenAPI document and a first check; library.query.ResourceQuery
    then parses the values strictly."""

    type: str | None = Field(None, description=FILTER_HELP["type"], pattern=choice_list(ResourceType.values))
    phase: str | None = Field(None, description=FILTER_HELP["phase"], pattern=choice_list(Phase.values))
    theme: str | None = Field(None, description=FILTER_HELP["theme"], pattern=SLUG_LIST)
    profession: str | None = Field(None, description=FILTER_HELP["profession"], pattern=SLUG_LIST)
    target_group: str | None = Field(None, description=FILTER_HELP["target_group"], pattern=SLUG_LIST)
    partner: str | None = Field(None, description=FILTER_HELP["partner"], pattern=SLUG_LIST)
    participation: str | None = Field(
        None, description=FILTER_HELP["participation"], pattern=choice_list(ParticipationLevel.values)
    )
    language: str | None = Field(
        None, description=FILTER_HELP["language"], pattern=choice_list(MaterialLanguage.values)
    )
    from_: dt.date | None = Field(None, alias="from", description=FILTER_HELP["from"])
    to: dt.date | None = Field(None, description=FILTER_HELP["to"])
    q: str | None = Field(None, description=FILTER_HELP["q"], max_length=MAX_TEXT_LENGTH)
    since: str | None = Field(None, description=FILTER_HELP["since"], pattern=SYNC_TOKEN)
    modified_since: dt.datetime | None = Field(None, description=FILTER_HELP["modified_since"])


RESOURCE_ORDER = (("published_date", True), ("translation_key", False))


def base_resources() -> QuerySet:
    return ResourcePage.objects.live().public()


@router.get(
    "/resources",
    operation_id="listResources",
    response={200: ResourceList, 304: None, 400: Error, 401: Error, 410: Error, 429: Error},
    summary="List resources",
)
@listing_endpoint(parameters=query_parameters(ResourceFilters, *PAGING_PARAMETERS))
def list_resources(
    request,
    filters: Query[ResourceFilters],
    limit: int = Query(records.DEFAULT_LIMIT, ge=1, le=records.MAX_LIMIT),
    offset: int = Query(0, ge=0, le=100_000, description=records.OFFSET_HELP),
    cursor: str | None = Query(None, description=records.CURSOR_HELP, pattern=CURSOR),
):
    """Resources, newest first (then by id), one record each with both languages.

    With `since` (or `modified_since`), the tombstones of resources unpublished, deleted or no longer
    matching the filters since then come first.
    """
    try:
        query = ResourceQuery.parse(request.GET)
        since = continuing_from(request.GET)
        page = records.continuation_of(request.GET, offset, ResourcePage, RESOURCE_ORDER)
    except InvalidFilter as error:
        return error_response(error.status, error.message, parameter=error.parameter)
    # Before any read, so nothing this answer misses can commit below it; the later pages of a run
    # keep its first page's mark and clock, so that all of them show the list at one moment.
    mark = page.mark if page else SyncMark.now(timezone.now())
    now = mark.moment
    resources = records.with_last_modified(
        records.canonical(query.apply(base_resources())), ListingKind.RESOURCE
    )
    resources, gone = records.changed_since(resources, base_resources, ListingKind.RESOURCE, since)
    resources = records.in_order(resources, RESOURCE_ORDER)
    return records.paginate(
        request,
        ListingKind.RESOURCE,
        resources,
        gone=gone,
        mark=mark,
        ordering=RESOURCE_ORDER,
        page=page,
        offset=offset,
        limit=limit,
        build=resource_records,
        now=now,
    )


@router.get(
    "/resources/{resource_id}",
    operation_id="getResource",
    response={200: Resource, 304: None, 400: Error, 401: Error, 404: Error, 429: Error},
    summary="One resource",
)
@listing_endpoint
def resource_detail(request, resource_id: str):
    """One resource by its id, in every language it is published in."""
    resource = records.one_by_id(base_resources(), ListingKind.RESOURCE, resource_id)
    if resource is None:
        return error_response(404, "There is no published resource with this id.")
    return resource_records(request, [resource], timezone.now())[0], resource.last_modified


def resource_records(request, resources: list[ResourcePage], now) -> list[dict]:
    """Records of the given canonical pages, in a fixed number of queries whatever their number."""
    if not resources:
        return []
    pages = records.translations_by_key(ResourcePage, [resource.translation_key for resource in resources])
    names = {
        "themes": records.vocabulary_names(Theme),
        "professions": records.vocabulary_names(Profession),
        "target_groups": records.vocabulary_names(TargetGroup),
        "contributor_organisations": records.vocabulary_names(Organisation),
    }
    links = {relation: records.linked_slugs(ResourcePage, resources, relation) for relation in names}
    people = _contributors(resources)
    related = _related(resources)
    files = _files(pages)
    images = records.images(resources, IMAGE_SPEC, attribute="social_image_id")
    results = []
    for resource in resources:
        languages = pages.get(resource.translation_key) or {resource.locale.language_code: resource}
        results.append(_record(request, resource, languages, names, links, people, related, files, images))
    return results


def _term(choices, value: str | None) -> dict | None:
    if not value:
        return None
    return {"slug": value, "name": records.label_in_languages(choices(value).label)}


def _record(request, resource, languages, names, links, people, related, files, images) -> dict:
    def terms(relation):
        return [records.term(slug, names[relation]) for slug in links[relation].get(resource.pk, [])]

    image = images.get(resource.social_image_id)
    licence_urls = {
        language: licence_url(resource.licence, language) or None for language in records.LANGUAGES
    }
    return {
        "id": str(resource.translation_key),
        "deleted": False,
        "languages": sorted(languages),
        "title": records.localized({code: page.title for code, page in languages.items()}),
        "summary": records.localized({code: page.summary for code, page in languages.items()}),
        "url": records.localized({code: page.get_full_url(request) for code, page in languages.items()}),
        "type": _term(ResourceType, resource.resource_type),
        "phase": _term(Phase, resource.phase),
        "themes": terms("themes"),
        "professions": terms("professions"),
        "target_groups": terms("target_groups"),
        "partners": terms("contributor_organisations"),
        "contributors": people.get(resource.pk, []),
        "participation_level": _term(ParticipationLevel, resource.participation_level),
        "material_language": _term(MaterialLanguage, resource.material_language),
        "licence": {**_term(Licence, resource.licence), "url": licence_urls},
        "published_date": resource.published_date.isoformat(),
        "time_needed": _term(TimeNeeded, resource.time_needed),
        "group_size": _term(GroupSize, resource.group_size),
        "difficulty": _term(Difficulty, resource.difficulty),
        "files": files.get(resource.translation_key, []),
        "related_events": related["related_events"].get(resource.pk, []),
        "related_resources": related["related_resources"].get(resource.pk, []),
        "image": (
            {
                "url": image.full_url,
                "width": image.width,
                "height": image.height,
                "alt": records.localized({resource.locale.language_code: image.image.description}),
            }
            if image
            else None
        ),
        "last_modified": records.iso(resource.last_modified or resource.last_published_at),
    }


def _contributors(resources) -> dict[int, list[dict]]:
    """People credited on the page (they agreed to be shown): name, and their role in each language."""
    keys = records.linked_slugs(ResourcePage, resources, "contributor_people", attribute="translation_key")
    all_keys = {key for values in keys.values() for key in values}
    by_key: dict = defaultdict(dict)
    for person in Person.objects.filter(translation_key__in=all_keys).select_related("locale"):
        by_key[person.translation_key][person.locale.language_code] = person
    contributors = {}
    for page_id, person_keys in keys.items():
        contributors[page_id] = [
            {
                "name": next(iter(by_key[key].values())).name,
                "role": records.localized({code: person.role for code, person in by_key[key].items()}),
            }
            for key in dict.fromkeys(person_keys)
            if by_key.get(key)
        ]
    return contributors


def _related(resources) -> dict[str, dict[int, list[str]]]:
    """Ids of related events and resources that are themselves listed (live and public)."""
    related = {}
    for relation, model in (("related_events", EventPage), ("related_resources", ResourcePage)):
        keys = records.linked_slugs(ResourcePage, resources, relation, attribute="translation_key")
        wanted = {key for values in keys.values() for key in values}
        listed = set(
            model.objects.live()
            .public()
            .filter(translation_key__in=wanted)
            .values_list("translation_key", flat=True)
        )
        related[relation] = {
            page_id: [str(key) for key in dict.fromkeys(values) if key in listed]
            for page_id, values in keys.items()
        }
    return related


def _files(pages: dict) -> dict:
    """Files to download, from the default-language page, titled in every language."""
    page_ids = [page.pk for languages in pages.values() for page in languages.values()]
    by_page: dict = defaultdict(list)
    for file in (
        ResourceFile.objects.filter(page_id__in=page_ids).select_related("document").order_by("sort_order")
    ):
        by_page[file.page_id].append(file)
    files = {}
    for key, languages in pages.items():
        canonical = languages.get(records.LANGUAGES[0]) or next(iter(languages.values()))
        titles: dict = defaultdict(dict)
        for code, page in languages.items():
            for file in by_page.get(page.pk, []):
                titles[file.document_id][code] = file.title
        files[key] = [
            {
                "title": records.localized(titles[file.document_id]),
                "role": _term(FileRole, file.role),
                "url": records.absolute(file.document.url),
                "file_extension": file.document.file_extension,
                "size": file.document.file_size,
            }
            for file in by_page.get(canonical.pk, [])
        ]
    return files
