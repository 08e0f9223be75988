"""Serializer fields for the content API (/api/v2/): rich text as public HTML, images as renditions.

Page models name these in their `api_fields`; they import nothing from the apps, so any app may use them.
The fields of a list of pages load what they show for every page of the list at once (PageBatch), so
an answer takes the same number of queries for 10 pages as for 50.
"""

import json
import re
from collections import defaultdict

from rest_framework.fields import Field

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from django.utils.html import escape

from wagtail import blocks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import expand_db_html

IMAGE_SPEC = "width-1200|format-webp"
ROOT_RELATIVE_LINK = re.compile(r'(\b(?:href|src))="/(?!/)')
# Links as Wagtail's editor stores them, in rich text and (quotes escaped) in a StreamField's JSON.
STORED_LINK = re.compile(r'<a linktype="(page|document)" id="(\d+)">')
STORED_LINK_IN_JSON = re.compile(r'linktype=\\?"(page|document)\\?" id=\\?"(\d+)')


class PageBatch:
    """The pages of one answer. A field asks it for a relation of one page; the first such question
    loads that relation (and the translations it needs) for every page of the batch at once."""

    def __init__(self, pages, request=None):
        self.pages = list(pages)
        self.request = request
        self._loaded: set[tuple[type, str]] = set()
        self._translations: dict[tuple[type, str], dict] = {}
        self._linked_pages: dict[tuple[type, str], dict] = {}
        self._related: dict[tuple[int, str], list] = {}
        self._members = {id(page) for page in self.pages}
        self._links: dict | None = None
        prefetch_related_objects(self.pages, "locale")

    def _alike(self, page) -> list:
        """The pages of the batch of the same type as `page` (only they have its relations)."""
        if id(page) not in self._members:
            return [page]
        return [other for other in self.pages if type(other) is type(page)]

    def load(self, page, lookup: str | Prefetch) -> None:
        key = (type(page), lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup)
        if key not in self._loaded:
            prefetch_related_objects(self._alike(page), lookup)
            self._loaded.add(key)

    def related(self, page, attribute: str) -> list:
        """The objects of a many-to-many or child relation of the page, loaded for the whole batch."""
        key = (id(page), attribute)
        if key not in self._related:
            self.load(page, attribute)
            self._related[key] = list(getattr(page, attribute).all())
        return self._related[key]

    def translated(self, page, attribute: str) -> list:
        """The snippets of a relation (or a foreign key) in the page's language, where translated;
        otherwise as linked (the source language)."""
        many = not hasattr(getattr(type(page), attribute, None), "get_object")
        items = self.related(page, attribute) if many else self._one(page, attribute)
        table = self._translation_table(page, attribute, many)
        return [table.get((item.translation_key, page.locale_id), item) for item in items]

    def _one(self, page, attribute: str) -> list:
        self.load(page, attribute)
        item = getattr(page, attribute)
        return [item] if item is not None else []

    def _translation_table(self, page, attribute: str, many: bool) -> dict:
        key = (type(page), attribute)
        if key not in self._translations:
            linked = [
                item
                for other in self._alike(page)
                for item in (self.related(other, attribute) if many else self._one(other, attribute))
            ]
            table = {}
            if linked:
                model = type(linked[0])
                keys = {item.translation_key for item in linked}
                for item in model.objects.filter(translation_key__in=keys):
                    table[(item.translation_key, item.locale_id)] = item
            self._translations[key] = table
        return self._translations[key]

    def linked_pages(self, page, attribute: str) -> list:
        """Pages a relation links to, as their live, public translation in the page's language."""
        key = (type(page), attribute)
        if key not in self._linked_pages:
            # Only their translation keys: the linked pages' own rows (with their texts) are not shown.
            model = type(page)._meta.get_field(attribute).related_model
            self.load(page, Prefetch(attribute, queryset=model.objects.only("translation_key")))
            linked = [item for other in self._alike(page) for item in self.related(other, attribute)]
            table = defaultdict(dict)
            found = (
                Page.objects.live()
                .public()
                .filter(translation_key__in={item.translation_key for item in linked})
            )
            for item in found if linked else ():
                table[item.locale_id][item.translation_key] = item
            self._linked_pages[key] = table
        table = self._linked_pages[key][page.locale_id]
        keys = [item.translation_key for item in self.related(page, attribute)]
        return sorted((table[key] for key in keys if key in table), key=lambda item: item.title)

    def expand_links(self, source: str) -> str:
        """Page and document links of stored rich text as addresses, as Wagtail's expand_db_html
        makes them (a page in the active language when translated and live), but looked up once for
        every text of the batch instead of once per text."""
        links = self._link_table()
        language = get_supported_content_language_variant(translation.get_language())
        locale_id = links["locales"].get(language)

        def address(match):
            kind, pk = match.group(1), int(match.group(2))
            if kind == "document":
                document = links["documents"].get(pk)
                return f'<a href="{escape(document.url)}">' if document else "<a>"
            page = links["pages"].get(pk)
            if page is None:
                return "<a>"
            shown = (
                page
                if page.locale_id == locale_id
                else links["live"].get((page.translation_key, locale_id), page)
            )
            return f'<a href="{escape(shown.url)}">'

        return STORED_LINK.sub(address, source)

    def _link_table(self) -> dict:
        if self._links is None:
            found = {"page": set(), "document": set()}
            for page in self.pages:
                for field in page._meta.concrete_fields:
                    if isinstance(field, StreamField | RichTextField):
                        value = field.value_from_object(page)
                        text = json.dumps(list(value.raw_data)) if hasattr(value, "raw_data") else value or ""
                        for kind, pk in STORED_LINK_IN_JSON.findall(text):
                            found[kind].add(int(pk))
            pages = {
                page.pk: page
                for page in Page.objects.filter(pk__in=found["page"]).defer_streamfields().specific()
            }
            translations = Page.objects.live().filter(
                translation_key__in={page.translation_key for page in pages.values()}
            )
            self._links = {
                "pages": pages,
                "live": {
                    (page.translation_key, page.locale_id): page
                    for page in (translations.defer_streamfields().specific() if pages else ())
                },
                "documents": get_document_model().objects.in_bulk(found["document"]),
                "locales": dict(Locale.objects.values_list("language_code", "pk")),
            }
        return self._links


def batch_of(field: Field, page) -> PageBatch:
    """The batch the view made for this answer, or one of this page alone (a field used elsewhere)."""
    return field.context.get("batch") or PageBatch([page], field.context.get("request"))


def root_url(context) -> str:
    request = (context or {}).get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def public_html(source: str, context=None) -> str:
    """Wagtail's stored rich text with page and document links made real, absolute addresses."""
    batch = (context or {}).get("batch")
    if batch is not None:
        source = batch.expand_links(source)
    return ROOT_RELATIVE_LINK.sub(rf'\1="{root_url(context)}/', expand_db_html(source))


def _absolute(value, context):
    if isinstance(value, dict) and isinstance(value.get("url"), str) and value["url"].startswith("/"):
        return {**value, "url": root_url(context) + value["url"]}
    return value


def block_representation(block, value, context=None):
    """Like Wagtail's get_api_representation, but rich text anywhere in the tree becomes public HTML.

    Wagtail gives the stored markup (<a linktype="page" id="3">), which no other channel can follow.
    Blocks that shape their own representation (images, links, documents) keep it.
    """
    if isinstance(block, blocks.RichTextBlock):
        return public_html(value.source, context) if value else ""
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child.block.name,
                "value": block_representation(child.block, child.value, context),
                "id": child.id,
            }
            for child in value or []
        ]
    if isinstance(block, blocks.ListBlock):
        return [block_representation(block.child_block, item, context) for item in value]
    if isinstance(block, blocks.StructBlock):
        if type(block).get_api_representation is not blocks.StructBlock.get_api_representation:
            return _absolute(block.get_api_representation(value, context), context)
        return {
            name: block_representation(block.child_blocks[name], child_value, context)
            for name, child_value in value.items()
        }
    return block.get_api_representation(value, context)


class StreamHTMLField(Field):
    """A StreamField's blocks, with rich text as public HTML.

    Links choose the translation of the linked page in the active language, so the page's own
    language is made active while its blocks are rendered, whatever the request's language is.
    """

    def get_attribute(self, instance):
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        page, stream = value
        locale = getattr(page, "locale", None)
        with translation.override(locale.language_code if locale else None):
            return block_representation(stream.stream_block, stream, self.context)


class PageImageField(Field):
    """A page's image as a rendition with its alt text, which the page (not the image) holds.

    Declare with source="*": APIField("image", serializer=PageImageField("image", "image_alt", source="*")).
    """

    def __init__(self, image_attribute: str, alt_attribute: str, spec: str = IMAGE_SPEC, **kwargs):
        self.image_attribute = image_attribute
        self.alt_attribute = alt_attribute
        self.spec = spec
        super().__init__(**kwargs)

    def to_representation(self, page):
        if getattr(page, f"{self.image_attribute}_id") is None:
            return None
        batch = batch_of(self, page)
        image_model = page._meta.get_field(self.image_attribute).related_model
        images = image_model.objects.prefetch_renditions(self.spec)
        batch.load(page, Prefetch(self.image_attribute, queryset=images))
        rendition = getattr(page, self.image_attribute).get_rendition(self.spec)
        return {
            "url": rendition.full_url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": getattr(page, self.alt_attribute) if self.alt_attribute else "",
        }


class PageRelationField(Field):
    """A field over one of the page's relations (named by the field's source), read through the batch."""

    def get_attribute(self, instance):
        return instance


class VocabularyField(PageRelationField):
    """Themes, professions or partners of a page: slug and name in the page's own language."""

    def to_representation(self, page):
        batch = batch_of(self, page)
        linked = batch.related(page, self.source)
        translated = batch.translated(page, self.source)
        return [
            {"slug": item.slug, "name": shown.name} for item, shown in zip(linked, translated, strict=True)
        ]


class PeopleField(PageRelationField):
    """Facilitators and speakers in the page's language: only what they agreed to show on the site
    (name, role, short bio)."""

    def to_representation(self, page):
        return [
            {"name": person.name, "role": person.role, "bio": person.bio}
            for person in batch_of(self, page).translated(page, self.source)
        ]


class VenueField(PageRelationField):
    """The venue in the page's language (its name and accessibility text are translated)."""

    def to_representation(self, page):
        venues = batch_of(self, page).translated(page, self.source)
        if not venues:
            return None
        venue = venues[0]
        return {
            "name": venue.name,
            "street_address": venue.street_address,
            "postal_code": venue.postal_code,
            "city": venue.city,
            "accessibility": venue.accessibility,
        }


class RichTextHTMLField(Field):
    """A RichTextField as public HTML (see public_html)."""

    def to_representation(self, value):
        return public_html(value, self.context) if value else ""


class DocumentsField(PageRelationField):
    """Files attached to a page (orderables with a `document`, a `role` and a `title`), with full URLs."""

    def to_representation(self, page):
        root = root_url(self.context)
        batch = batch_of(self, page)
        batch.load(page, f"{self.source}__document")
        return [
            {
                "title": item.title,
                "role": item.role,
                "url": root + item.document.url if item.document.url.startswith("/") else item.document.url,
                "file_extension": item.document.file_extension,
                "size": item.document.file_size,
            }
            for item in getattr(page, self.source).all()
        ]


class RelatedPagesField(PageRelationField):
    """Linked pages as id, title and address, in the page's language, only when live and public."""

    def to_representation(self, page):
        batch = batch_of(self, page)
        return [
            {"id": linked_page.pk, "title": linked_page.title, "url": linked_page.get_full_url(batch.request)}
            for linked_page in batch.linked_pages(page, self.source)
        ]
