"""The directory of organisations and people: who is shown, in which language, and what they did.

People and organisations are translatable snippets; a translation may be missing, so each one is
shown in the visitor's language when it exists and in the other language otherwise. Their events
and resources are gathered from the pages that name them (as speakers, partners or contributors),
in any language, and shown in the visitor's language. Every list costs a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Locale

from events.models import EventPage
from library.models import ResourcePage
from network.models import ContactAddress, DirectoryPage
from people.links import PeopleLinks
from people.models import Organisation, OrganisationKind, Person
from taxonomy.models import Theme

PORTRAIT = "fill-160x160"
LOGO = "max-240x120"


# Danish alphabetical order puts æ, ø and å after z (and "aa" is an old spelling of å: Aarhus,
# Aage); the characters after "z" in ASCII stand in for them in the sort key.
DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def danish_sort_key(name: str) -> str:
    return name.casefold().replace("aa", "å").translate(DANISH_ORDER)


def in_language(rows, locale: Locale) -> list:
    """One row per translation key: the visitor's language first, the other one otherwise."""
    chosen = {}
    for row in rows:
        current = chosen.get(row.translation_key)
        if current is None or (row.locale_id == locale.pk and current.locale_id != locale.pk):
            chosen[row.translation_key] = row
    return sorted(chosen.values(), key=lambda row: danish_sort_key(row.name))


def _with_images(queryset, image_field: str, spec: str):
    images = get_image_model().objects.prefetch_renditions(spec)
    return queryset.prefetch_related(Prefetch(image_field, queryset=images))


@dataclass
class OrganisationFilter:
    kind: str = ""
    theme: str = ""
    kinds: list = field(default_factory=list)
    themes: list = field(default_factory=list)

    @classmethod
    def from_query(cls, query, locale: Locale) -> "OrganisationFilter":
        kinds = [(value, label) for value, label in OrganisationKind.choices]
        # Only themes some shown organisation works on are offered: no choice leads to nothing.
        themes = list(
            Theme.objects.filter(
                locale=locale,
                slug__in=Theme.objects.filter(
                    pk__in=Organisation.themes.through.objects.filter(
                        organisation__show_in_directory=True
                    ).values("theme_id")
                ).values("slug"),
            ).order_by("name")
        )
        kind = query.get("kind", "")
        theme = query.get("theme", "")
        return cls(
            kind=kind if kind in dict(kinds) else "",
            theme=theme if theme in {t.slug for t in themes} else "",
            kinds=kinds,
            themes=themes,
        )

    @property
    def active(self) -> bool:
        return bool(self.kind or self.theme)


def shown_organisations(locale: Locale, chosen: OrganisationFilter | None = None) -> list[Organisation]:
    organisations = Organisation.objects.filter(show_in_directory=True)
    if chosen and chosen.kind:
        organisations = organisations.filter(kind=chosen.kind)
    if chosen and chosen.theme:
        organisations = organisations.filter(themes__slug=chosen.theme).distinct()
    organisations = _with_images(organisations, "logo", LOGO).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )
    return in_language(organisations, locale)


def shown_people(locale: Locale) -> list[Person]:
    return in_language(_with_images(Person.objects.filter(show_in_directory=True), "photo", PORTRAIT), locale)


def shown_organisation(slug: str, locale: Locale) -> Organisation | None:
    rows = _with_images(Organisation.objects.filter(slug=slug, show_in_directory=True), "logo", LOGO)
    rows = rows.prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    found = in_language(rows, locale)
    return found[0] if found else None


def shown_person(slug: str, locale: Locale) -> Person | None:
    found = in_language(
        _with_images(Person.objects.filter(slug=slug, show_in_directory=True), "photo", PORTRAIT), locale
    )
    return found[0] if found else None


@dataclass
class Involvement:
    upcoming_events: list
    past_events: list
    resources: list


def involvement(snippet, locale: Locale) -> Involvement:
    """The live events and resources, in the visitor's language, that name this person or organisation."""
    if isinstance(snippet, Person):
        event_link, resource_link = "speakers", "contributor_people"
    else:
        event_link, resource_link = "partners", "contributor_organisations"
    key = snippet.translation_key
    events = EventPage.objects.live().filter(
        locale=locale,
        translation_key__in=EventPage.objects.filter(**{f"{event_link}__translation_key": key}).values(
            "translation_key"
        ),
    )
    resources = ResourcePage.objects.live().filter(
        locale=locale,
        translation_key__in=ResourcePage.objects.filter(**{f"{resource_link}__translation_key": key}).values(
            "translation_key"
        ),
    )
    now = timezone.now()
    return Involvement(
        upcoming_events=list(events.filter(end__gte=now).order_by("start")),
        past_events=list(events.filter(end__lt=now).order_by("-start")[:12]),
        resources=list(resources.order_by("-published_date", "title")),
    )


def has_contact(snippet) -> bool:
    from network.contact import contact_address_for

    return contact_address_for(snippet) is not None


def entry_jsonld(entry, url: str, logo_url: str = "") -> dict:
    """schema.org data for a directory entry, so search engines know who the page is about."""
    if isinstance(entry, Person):
        data = {"@type": "Person", "name": entry.name, "jobTitle": entry.role, "description": entry.bio}
    else:
        data = {
            "@type": "Organization",
            "name": entry.name,
            "description": entry.description,
            "sameAs": [entry.website] if entry.website else [],
            "logo": logo_url,
        }
    filled = {key: value for key, value in data.items() if value}
    return {"@context": "https://schema.org", "url": url, **filled}


def matching_entries(words: list[str], locale: Locale, limit: int = 6) -> list:
    """Shown organisations, then people, whose name holds every word, for the site search."""
    found = []
    for model in (Organisation, Person):
        rows = model.objects.filter(show_in_directory=True)
        for word in words:
            rows = rows.filter(name__icontains=word)
        found += in_language(rows[: limit * 2], locale)  # both languages of each: twice the rows
    return found[:limit]


def links_to_directory(request, kind: str, snippets: list) -> dict:
    """Each person's or organisation's directory page (with consent) and relay form (with an address):
    one query for the directory page and one for the relay addresses, whatever the number."""
    keys = [snippet.translation_key for snippet in snippets]
    takes_messages = set(
        ContactAddress.objects.filter(**{f"{kind}__translation_key__in": keys}).values_list(
            f"{kind}__translation_key", flat=True
        )
    )
    return {
        snippet.translation_key: PeopleLinks(
            page_url=entry_url(request, snippet),
            write_url=reverse("network_contact", args=[kind, snippet.translation_key])
            if snippet.translation_key in takes_messages
            else "",
        )
        for snippet in snippets
    }


def _directory_page(request):
    """The directory page in the visitor's language, looked up once per request."""
    if not hasattr(request, "_directory_page"):
        request._directory_page = DirectoryPage.objects.live().filter(locale=Locale.get_active()).first()
    return request._directory_page


def entry_url(request, snippet) -> str:
    if not snippet.show_in_directory:
        return ""
    page = _directory_page(request)
    if page is None:
        return ""
    return page.get_url(request) + page.entry_path(snippet)
