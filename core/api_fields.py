"""Serializer fields for the content API (/api/v2/): rich text as public HTML, images as renditions.

Page models name these in their `api_fields`; they import nothing from the apps, so any app may use them.
"""

import re

from rest_framework.fields import Field

from django.conf import settings
from django.utils import translation

from wagtail import blocks
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

IMAGE_SPEC = "width-1200|format-webp"
ROOT_RELATIVE_LINK = re.compile(r'(\b(?:href|src))="/(?!/)')


def root_url(context) -> str:
    request = (context or {}).get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def public_html(source: str, context=None) -> str:
    """Wagtail's stored rich text with page and document links made real, absolute addresses."""
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
        image = getattr(page, self.image_attribute)
        if image is None:
            return None
        rendition = image.get_rendition(self.spec)
        return {
            "url": rendition.full_url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": getattr(page, self.alt_attribute) if self.alt_attribute else "",
        }


class VocabularyField(Field):
    """Themes, professions or partners of a page: slug and name in the page's own language."""

    def to_representation(self, manager):
        items = list(manager.all())
        page = getattr(manager, "instance", None)
        model = manager.model
        names = {}
        if page is not None and items:
            names = dict(
                model.objects.filter(
                    locale_id=page.locale_id, slug__in=[item.slug for item in items]
                ).values_list("slug", "name")
            )
        return [{"slug": item.slug, "name": names.get(item.slug, item.name)} for item in items]


class PeopleField(Field):
    """Facilitators and speakers: only what they agreed to show on the site (name, role, short bio)."""

    def to_representation(self, manager):
        return [{"name": person.name, "role": person.role, "bio": person.bio} for person in manager.all()]


class VenueField(Field):
    def to_representation(self, venue):
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


class DocumentsField(Field):
    """Files attached to a page (orderables with a `document`, a `role` and a `title`), with full URLs."""

    def to_representation(self, manager):
        root = root_url(self.context)
        return [
            {
                "title": item.title,
                "role": item.role,
                "url": root + item.document.url if item.document.url.startswith("/") else item.document.url,
                "file_extension": item.document.file_extension,
                "size": item.document.file_size,
            }
            for item in manager.select_related("document")
        ]


class RelatedPagesField(Field):
    """Linked pages as id, title and address, in the page's language, only when live and public."""

    def get_attribute(self, instance):
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        page, manager = value
        keys = manager.values("translation_key")
        linked = (
            manager.model.objects.live().public().filter(locale_id=page.locale_id, translation_key__in=keys)
        )
        return [
            {"id": linked_page.pk, "title": linked_page.title, "url": linked_page.get_full_url()}
            for linked_page in linked.order_by("title")
        ]
