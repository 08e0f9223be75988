"""The vocabularies that the listings API's filters take: slugs with their names in each language."""

from ninja import Router

from events.vocabulary import EventFormat
from library.vocabulary import Phase, ResourceType
from partner_api import records
from partner_api.http import listing_endpoint
from partner_api.schemas import Error, PartnerList, TermList
from people.models import Organisation
from taxonomy.models import Profession, TargetGroup, Theme

router = Router(tags=["vocabularies"])
LOGO_SPEC = "max-400x200"
ERRORS = {304: None, 400: Error, 401: Error, 429: Error}


@router.get(
    "/vocabularies/formats",
    operation_id="listEventFormats",
    response={200: TermList, **ERRORS},
    summary="Event formats",
)
@listing_endpoint
def formats(request):
    return {"results": _choices(EventFormat)}, None


def _terms(model) -> list[dict]:
    names = records.vocabulary_names(model)
    return [records.term(slug, names) for slug in sorted(names)]


@router.get(
    "/vocabularies/themes", operation_id="listThemes", response={200: TermList, **ERRORS}, summary="Themes"
)
@listing_endpoint
def themes(request):
    return {"results": _terms(Theme)}, None


@router.get(
    "/vocabularies/professions",
    operation_id="listProfessions",
    response={200: TermList, **ERRORS},
    summary="Target professions",
)
@listing_endpoint
def professions(request):
    return {"results": _terms(Profession)}, None


@router.get(
    "/vocabularies/target-groups",
    operation_id="listTargetGroups",
    response={200: TermList, **ERRORS},
    summary="Target groups",
)
@listing_endpoint
def target_groups(request):
    return {"results": _terms(TargetGroup)}, None


def _choices(choices) -> list[dict]:
    return [{"slug": value, "name": records.label_in_languages(label)} for value, label in choices.choices]


@router.get(
    "/vocabularies/resource-types",
    operation_id="listResourceTypes",
    response={200: TermList, **ERRORS},
    summary="Resource types",
)
@listing_endpoint
def resource_types(request):
    return {"results": _choices(ResourceType)}, None


@router.get(
    "/vocabularies/phases",
    operation_id="listPhases",
    response={200: TermList, **ERRORS},
    summary="Innovation phases",
)
@listing_endpoint
def phases(request):
    return {"results": _choices(Phase)}, None


@router.get(
    "/vocabularies/partners",
    operation_id="listPartners",
    response={200: PartnerList, **ERRORS},
    summary="Partner organisations",
)
@listing_endpoint
def partners(request):
    names = records.vocabulary_names(Organisation)
    # The default language's row holds the facts that are the same in every language.
    rows = {}
    for organisation in Organisation.objects.select_related("locale", "logo").order_by("slug", "pk"):
        current = rows.get(organisation.slug)
        if current is None or organisation.locale.language_code == records.LANGUAGES[0]:
            rows[organisation.slug] = organisation
    results = []
    for slug, organisation in sorted(rows.items()):
        logo = organisation.logo.get_rendition(LOGO_SPEC).full_url if organisation.logo else None
        results.append(
            {
                **records.term(slug, names),
                "kind": organisation.kind,
                "website": organisation.website,
                "logo_url": logo,
            }
        )
    return {"results": results}, None
