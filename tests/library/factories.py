"""Helpers that build published library pages and resources on top of the demo site."""

import itertools

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Locale

from home.models import HomePage
from library.models import LibraryIndexPage, ResourceFile, ResourcePage
from taxonomy.models import Profession, TargetGroup, Theme
from tests.events.factories import publish

_numbers = itertools.count(1)


def library_index(language_code: str = "da") -> LibraryIndexPage:
    """The library under the demo home page, created (Danish, slug "bibliotek") when missing."""
    danish_home = HomePage.objects.get(locale__language_code="da")
    index = LibraryIndexPage.objects.child_of(danish_home).first()
    if index is None:
        index = LibraryIndexPage(title="Bibliotek", slug="bibliotek", locale=danish_home.locale)
        danish_home.add_child(instance=index)
        index.save_revision().publish()
    if language_code != "da":
        english = Locale.objects.get(language_code=language_code)
        index = index.get_translation_or_none(english) or publish(
            index.copy_for_translation(english, copy_parents=True)
        )
    return index


def vocabulary(model, slug: str, name: str | None = None, language_code: str = "da"):
    """A theme, profession or target group with this slug, made when missing."""
    locale = Locale.objects.get(language_code=language_code)
    item, _created = model.objects.get_or_create(
        slug=slug, locale=locale, defaults={"name": name or slug.replace("-", " ").capitalize()}
    )
    return item


def theme(slug, name=None):
    return vocabulary(Theme, slug, name)


def profession(slug, name=None):
    return vocabulary(Profession, slug, name)


def target_group(slug, name=None):
    return vocabulary(TargetGroup, slug, name)


def make_resource(index_page: LibraryIndexPage | None = None, **overrides) -> ResourcePage:
    """A published Danish resource, by default a method in the ideate phase.

    overrides: any ResourcePage field (title, slug, resource_type, phase, summary, licence,
    time_needed, group_size, material_language, …). Many-to-many fields (themes, target_groups,
    professions, related_resources, related_events, contributor_people, contributor_organisations)
    are set after creation, then the page is published.
    """
    index_page = index_page or library_index()
    number = next(_numbers)
    many_to_many = {
        name: overrides.pop(name)
        for name in (
            "themes",
            "target_groups",
            "professions",
            "related_resources",
            "related_events",
            "contributor_people",
            "contributor_organisations",
        )
        if name in overrides
    }
    fields = {
        "title": f"Idékort til samskabelse {number}",
        "slug": f"idekort-til-samskabelse-{number}",
        "resource_type": "method",
        "phase": "ideate",
        "summary": "Et sæt kort, der hjælper en gruppe med at finde mange idéer på kort tid.",
        "locale": index_page.locale,
        **overrides,
    }
    resource = ResourcePage(**fields)
    index_page.add_child(instance=resource)
    for name, values in many_to_many.items():
        getattr(resource, name).set(values)
    return publish(resource)


def translate_resource(resource: ResourcePage, title: str | None = None, **fields) -> ResourcePage:
    """The published English translation of a Danish resource (the library is translated first)."""
    english = Locale.objects.get(language_code="en")
    library_index("en")
    translated = resource.copy_for_translation(english)
    translated.title = title or f"{resource.title} (English)"
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


def make_document(title: str = "Metodekort", name: str = "metodekort.pdf", content: bytes | None = None):
    content = content or b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    document = Document(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document.file_size = len(content)
    document.save()
    return document


def attach_file(resource: ResourcePage, role: str = "card", document=None, label: str = "") -> ResourceFile:
    document = document or make_document()
    resource.files.add(ResourceFile(document=document, role=role, label=label))
    return publish(resource).files.get(document=document)
