"""Demo content for the library: the library page, the contribution form and about thirty resources.

Runs after the events' demo, whose themes, professions, people, organisations and events the
resources point at. Every resource is written in Danish, then translated into English the way
editors work (copy_for_translation, then the English text). Its files are generated in code
(library.demo_files) and stored as Wagtail documents in a "Bibliotek" collection.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.text import slugify

from wagtail.documents.models import Document
from wagtail.models import Collection, Locale, Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler as search_post_save
from wagtail.signal_handlers import disable_reference_index_auto_update

from events.models import EventIndexPage, EventPage
from events.vocabulary import AttendanceMode
from home.demo import rich, same_block_ids, stream, translate_snippet
from library import demo_files
from library.demo_resources import (
    CONTRIBUTION_PAGE,
    LIBRARY,
    NETWORK,
    PEOPLE,
    PROFESSIONS,
    RESOURCES,
    TARGET_GROUPS,
    THEMES,
)
from library.models import ContributionPage, LibraryIndexPage, ResourceFile, ResourcePage
from library.vocabulary import LICENCE_SHORT_NAMES, Difficulty, GroupSize, Licence, TimeNeeded
from people.models import Organisation, OrganisationKind, Person
from taxonomy.models import Profession, TargetGroup, Theme

TEXT_FIELDS = [
    "title",
    "summary",
    "purpose",
    "materials",
    "problem",
    "approach",
    "results",
    "resources_used",
    "place",
    "period",
    "transfer_potential",
]

# The words on a printed method card, which is content, not interface: it is in the material's language.
CARD_WORDS = {
    "da": {
        "kicker": "Metodekort · Innovatarium",
        "document": "Metodekort: {title}",
        "file": "metodekort-{slug}.pdf",
        "time": "Tid",
        "group": "Gruppe",
        "why": "Hvorfor",
        "materials": "Det skal I bruge",
        "steps": "Sådan gør I",
        "minutes": "{minutes} min.",
        "address": "innovatarium.dk/bibliotek/{slug}/",
    },
    "en": {
        "kicker": "Method card · Innovatarium",
        "document": "Method card: {title}",
        "file": "method-card-{slug}.pdf",
        "time": "Time",
        "group": "Group",
        "why": "Why",
        "materials": "What you need",
        "steps": "How to do it",
        "minutes": "{minutes} min",
        "address": "innovatarium.dk/en/library/{slug}/",
    },
}


def load_demo_library(home: Page, english: Locale) -> LibraryIndexPage:
    """Create the library under the Danish home page with its English translation; once only."""
    danish = home.locale
    existing = LibraryIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing

    vocabularies = {
        "themes": _vocabulary(Theme, THEMES, danish, english),
        "professions": _vocabulary(Profession, PROFESSIONS, danish, english),
        "target_groups": _vocabulary(TargetGroup, TARGET_GROUPS, danish, english),
        "people": _people(danish, english),
        "organisations": _organisations(danish, english),
    }
    index = _library_pages(home, english)
    with _indexing_deferred((ResourcePage, Document)):
        created = _resources(index, english, vocabularies)
    _index(created)
    return index


def _resources(index: LibraryIndexPage, english: Locale, vocabularies: dict) -> list:
    """Every resource in Danish, published, then translated and published; returns what was made."""
    danish = index.locale
    collection = _collection()
    events = {event.slug: event for event in EventPage.objects.filter(locale=danish)}
    today = timezone.localdate()

    resources: dict[str, ResourcePage] = {}
    for spec in RESOURCES:
        resource = ResourcePage(
            locale=danish,
            slug=spec["key"],
            resource_type=spec["type"],
            phase=spec["phase"],
            published_date=today - dt.timedelta(days=spec["days_ago"]),
            licence=spec["facts"].get("licence", Licence.CC_BY_SA),
            **{name: value for name, value in spec["facts"].items() if name != "licence"},
        )
        _fill(resource, spec, "da")
        index.add_child(instance=resource)
        resources[spec["key"]] = resource

    # Relations need every page to exist first; "related" goes both ways, as a reader expects.
    related = {spec["key"]: set(spec["related"]) for spec in RESOURCES}
    for key, others in list(related.items()):
        for other in others:
            related[other].add(key)
    documents = {}
    for spec in RESOURCES:
        resource = resources[spec["key"]]
        for name in ("themes", "professions", "target_groups"):
            getattr(resource, name).set([vocabularies[name][slug] for slug in spec[name]])
        resource.contributor_people.set([vocabularies["people"][name] for name in spec["people"]])
        resource.contributor_organisations.set(
            [vocabularies["organisations"][slug] for slug in spec["organisations"]]
        )
        resource.related_resources.set([resources[key] for key in sorted(related[spec["key"]])])
        resource.related_events.set([events[slug] for slug in spec["events"]])
        documents[spec["key"]] = _documents(spec, collection)
        resource.files = [
            ResourceFile(document=by_language["da"], role=role, sort_order=position)
            for position, (role, by_language) in enumerate(documents[spec["key"]])
        ]
        _publish_resource(resource)

    translations = []
    for spec in RESOURCES:
        source = resources[spec["key"]]
        translated = source.copy_for_translation(english)
        _fill(translated, spec, "en", source=source)
        files = list(translated.files.all())
        for file, (_role, by_language) in zip(files, documents[spec["key"]], strict=True):
            file.document = by_language["en"]
        translated.files = files
        _publish_resource(translated)
        translations.append(translated)
    all_documents = {
        document for files in documents.values() for _role, pair in files for document in pair.values()
    }
    return [*resources.values(), *translations, *all_documents]


def _publish_resource(resource: ResourcePage) -> None:
    # Publishing validates the page; validating the revision before it as well would double the work.
    resource.save_revision(clean=False).publish()


@contextmanager
def _indexing_deferred(models):
    """Pause the search and reference indexes' updates on every save of these models.

    Wagtail refreshes both after each save, and a resource is saved six times while its two
    languages are made: most of the demo's loading time. _index() brings both up to date once.
    """
    for model in models:
        post_save.disconnect(search_post_save, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(search_post_save, sender=model)


def _index(objects: list) -> None:
    """What the paused updates would have done: each object's references, and a search entry in bulk."""
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj.pk)
    for model, pks in by_model.items():
        # Fresh from the database, with what the search fields need fetched in the same query.
        instances = list(model.get_indexed_objects().filter(pk__in=pks))
        if ReferenceIndex.is_indexed(model):
            for instance in instances:
                ReferenceIndex.create_or_update_for_object(instance)
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, instances)


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _library_pages(home: Page, english: Locale) -> LibraryIndexPage:
    """The library, right after the calendar in the menu, and its contribution form, in both languages."""
    danish_events = EventIndexPage.objects.child_of(home).first()
    index = LibraryIndexPage(locale=home.locale, show_in_menus=True, **LIBRARY["da"])
    if danish_events is not None:
        danish_events.add_sibling(pos="right", instance=index)
    else:
        home.add_child(instance=index)
    _publish(index)
    english_index = index.copy_for_translation(english)
    for name, value in LIBRARY["en"].items():
        setattr(english_index, name, value)
    english_events = danish_events.get_translation_or_none(english) if danish_events else None
    _publish(english_index)
    if english_events is not None:
        english_index.move(english_events, pos="right")

    contribution = ContributionPage(locale=home.locale)
    _fill_contribution_page(contribution, CONTRIBUTION_PAGE["da"])
    index.add_child(instance=contribution)
    _publish(contribution)
    translated = contribution.copy_for_translation(english)
    _fill_contribution_page(translated, CONTRIBUTION_PAGE["en"], source=contribution)
    _publish(translated)
    return index


def _fill_contribution_page(page: ContributionPage, content: dict, source: ContributionPage | None = None):
    for name in ("title", "slug", "introduction", "thank_you"):
        setattr(page, name, content[name])
    page.body = same_block_ids(stream(*content["body"]), source and source.body)


def _fill(resource: ResourcePage, spec: dict, language: str, source: ResourcePage | None = None) -> None:
    texts = spec[language]
    for name in TEXT_FIELDS:
        if name in texts:
            setattr(resource, name, texts[name])
    if "slug" in texts:
        resource.slug = texts["slug"]
    resource.body = same_block_ids(stream(*texts.get("body", [])), source and source.body)
    resource.steps = same_block_ids(
        stream(
            *[
                ("step", {"title": title, "text": rich(text), "minutes": minutes})
                for title, text, minutes in texts.get("steps", [])
            ]
        ),
        source and source.steps,
    )
    resource.external_links = same_block_ids(
        stream(
            *[
                ("link", {"label": link[language][0], "url": link["url"], "description": link[language][1]})
                for link in spec.get("links", [])
            ]
        ),
        source and source.external_links,
    )


# ---- Vocabularies, people and organisations -------------------------------------------------------


def _vocabulary(model, entries, danish: Locale, english: Locale) -> dict:
    """The Danish rows by slug: the events' own, plus the library's, made with their translations."""
    for slug, name_da, name_en in entries:
        obj, created = model.objects.get_or_create(slug=slug, locale=danish, defaults={"name": name_da})
        if created:
            translate_snippet(obj, english, name=name_en)
    return {obj.slug: obj for obj in model.objects.filter(locale=danish)}


def _people(danish: Locale, english: Locale) -> dict[str, Person]:
    for name, role_da, role_en in PEOPLE:
        person, created = Person.objects.get_or_create(name=name, locale=danish, defaults={"role": role_da})
        if created:
            translate_snippet(person, english, role=role_en)
    return {person.name: person for person in Person.objects.filter(locale=danish)}


def _organisations(danish: Locale, english: Locale) -> dict[str, Organisation]:
    network, created = Organisation.objects.get_or_create(
        slug=NETWORK["slug"], locale=danish, defaults={"kind": OrganisationKind.NGO, **NETWORK["da"]}
    )
    if created:
        translate_snippet(network, english, **NETWORK["en"])
    return {organisation.slug: organisation for organisation in Organisation.objects.filter(locale=danish)}


# ---- Files ----------------------------------------------------------------------------------------


def _collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="Bibliotek").first()
    return existing or root.add_child(name="Bibliotek")


def _file_name(title: str, extension: str) -> str:
    ascii_title = title.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return f"{slugify(ascii_title)[:80]}.{extension}"


def _document(title: str, file_name: str, content: bytes, collection: Collection) -> Document:
    document = Document(title=title, collection=collection)
    document.file.save(file_name, ContentFile(content), save=False)
    # What an upload through the admin records, so the file's size shows next to the download.
    document.file_size = len(content)
    document.file_hash = hashlib.sha1(content).hexdigest()  # noqa: S324 (Wagtail's duplicate check, not security)
    document.save()
    return document


def _documents(spec: dict, collection: Collection) -> list[tuple[str, dict[str, Document]]]:
    """Each file of a resource as (role, {language: document}); a one-language file serves both."""
    files = []
    for file_spec in spec["files"]:
        by_language = {}
        for language in ("da", "en"):
            if file_spec["kind"] == "card":
                title, name, content = _method_card(spec, language)
            elif language in file_spec:
                title, name, content = _generated_file(file_spec, spec, language)
            else:
                continue
            by_language[language] = _document(title, name, content, collection)
        by_language.setdefault("da", by_language.get("en"))
        by_language.setdefault("en", by_language.get("da"))
        files.append((file_spec["role"], by_language))
    return files


def _footer(spec: dict, language: str) -> str:
    licence = spec["facts"].get("licence", Licence.CC_BY_SA)
    slug = spec[language].get("slug", spec["key"])
    words = CARD_WORDS[language]
    return f"{LICENCE_SHORT_NAMES.get(licence, '©')} · {words['address'].format(slug=slug)}"


def _method_card(spec: dict, language: str) -> tuple[str, str, bytes]:
    """A one-page printable card of a method: facts, why, what you need and the numbered steps."""
    texts, facts, words = spec[language], spec["facts"], CARD_WORDS[language]
    with translation.override(language):
        meta = " · ".join(
            part
            for part in (
                f"{words['time']}: {TimeNeeded(facts['time_needed']).label}"
                if facts.get("time_needed")
                else "",
                f"{words['group']}: {GroupSize(facts['group_size']).label}"
                if facts.get("group_size")
                else "",
                str(Difficulty(facts["difficulty"]).label) if facts.get("difficulty") else "",
                str(AttendanceMode(facts["delivery_mode"]).label) if facts.get("delivery_mode") else "",
            )
            if part
        )
    blocks = [
        demo_files.PdfBlock("meta", meta),
        demo_files.PdfBlock("text", texts["summary"]),
        demo_files.PdfBlock("heading", words["why"]),
        demo_files.PdfBlock("text", texts["purpose"]),
        demo_files.PdfBlock("heading", words["materials"]),
        demo_files.PdfBlock("text", texts["materials"]),
        demo_files.PdfBlock("heading", words["steps"]),
    ]
    for number, (title, text, minutes) in enumerate(texts["steps"], start=1):
        if minutes:
            title = f"{title} ({words['minutes'].format(minutes=minutes)})"
        blocks.append(demo_files.PdfBlock("step", text, title=title, number=number))
    content = demo_files.one_page_pdf(
        texts["title"], words["kicker"], blocks, _footer(spec, language), language
    )
    slug = texts.get("slug", spec["key"])
    return words["document"].format(title=texts["title"]), words["file"].format(slug=slug), content


def _generated_file(file_spec: dict, spec: dict, language: str) -> tuple[str, str, bytes]:
    content_spec = file_spec[language]
    title = content_spec["title"]
    kind = file_spec["kind"]
    if kind == "pdf":
        blocks = [demo_files.PdfBlock(block_kind, text) for block_kind, text in content_spec["blocks"]]
        footer = _footer(spec, language)
        return (
            title,
            _file_name(title, "pdf"),
            demo_files.one_page_pdf(title, content_spec["kicker"], blocks, footer, language),
        )
    if kind == "word":
        content = demo_files.word_document(
            title, content_spec["introduction"], content_spec["sections"], _footer(spec, language), language
        )
        return title, _file_name(title, "docx"), content
    if kind == "xlsx":
        content = demo_files.spreadsheet(
            title,
            content_spec["sheet"],
            content_spec["headers"],
            content_spec["rows"],
            content_spec.get("hint", ""),
        )
        return title, _file_name(title, "xlsx"), content
    if kind == "csv":
        content = demo_files.csv_file(content_spec["headers"], content_spec["rows"], language)
        return title, _file_name(title, "csv"), content
    raise ValueError(f"unknown demo file kind {kind!r}")
