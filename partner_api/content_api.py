"""The content API (Wagtail API v2 at /api/v2/): published, public pages and what they show.

Wagtail lets a visitor's session see pages behind a password or login it has passed; the API is for
other channels and shows only what anybody may see. Images and documents appear only when a live,
public page uses them, never from a restricted collection, and images only as renditions (the
original file keeps the camera's metadata). Every bad query answers 4xx with a JSON message; answers
carry an ETag and may be cached for a minute; each address has a rate limit.
"""

import functools
import hashlib

from rest_framework.fields import Field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from django.http import JsonResponse
from django.urls import re_path
from django.utils.cache import get_conditional_response

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import get_document_model
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex

from core.api_fields import IMAGE_SPEC, PageBatch
from core.ratelimit import Limit, seconds_left
from partner_api.http import DEFAULT_CACHE_SECONDS, DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW, cdn_cache_headers

# Beyond this an offset only makes PostgreSQL fail (bigint); no list is anywhere near as long.
MAX_OFFSET = 2**31 - 1
# Query parameters that hold a database id.
ID_PARAMETERS = ("id", "child_of", "descendant_of", "translation_of")


def bad_query(request) -> str | None:
    """Why the query cannot be answered, for what Wagtail itself would turn into a server error."""
    for name, value in request.GET.items():
        if any(ord(character) < 32 for character in name + value):
            return f"{name} must not contain control characters"
    offset = request.GET.get("offset", "")
    if offset.isdigit() and int(offset) > MAX_OFFSET:
        return f"offset cannot be higher than {MAX_OFFSET}"
    for name in ID_PARAMETERS:
        value = request.GET.get(name)
        if value is not None and value != "root" and not (value.isdigit() and int(value) <= MAX_OFFSET):
            return f"{name} must be a positive integer"
    return None


class HardenedViewSetMixin:
    """Bad input is the client's error (400), never a server error. Answers are compact JSON (Wagtail
    indents them: a fifth more bytes and rendering time for machines that do not read them)."""

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        problem = bad_query(request)
        if problem:
            raise BadRequestError(problem)

    def filter_queryset(self, queryset):
        # Wagtail checks most filter values, but not dates, many-to-many ids or every field type.
        try:
            return super().filter_queryset(queryset)
        except (ValueError, ValidationError) as error:
            raise BadRequestError("field filter error: invalid value") from error


def used_on_public_pages(model):
    """Ids of `model` objects (images, documents) that a live, public page refers to, in any field or
    block: Wagtail's reference index records each page's stored (live) content when it is saved."""
    public_pages = Page.objects.live().public().annotate(text_id=Cast("pk", CharField())).values("text_id")
    return (
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(model),
            object_id__in=public_pages,
        )
        .annotate(target_id=Cast("to_object_id", IntegerField()))
        .values("target_id")
    )


def restricted_collections():
    """Collections with a view restriction and everything under them, whoever asks."""
    restricted = Collection.objects.none()
    for restriction in CollectionViewRestriction.objects.select_related("collection"):
        restricted |= restriction.collection.get_descendants(inclusive=True)
    return restricted


class PublicPagesAPIViewSet(HardenedViewSetMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        return super().get_base_queryset().public()

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        pages = list(self.paginate_queryset(queryset))
        self.batch = PageBatch(pages, request)
        serializer = self.get_serializer(pages, many=True)
        return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        page = self.get_object()
        self.batch = PageBatch([page], request)
        return super().detail_view(request, pk)

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, ValidationError) as error:
            raise BadRequestError("find: invalid value") from error

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["batch"] = getattr(self, "batch", None)
        return context


class ImageRenditionField(Field):
    """The image as a web rendition: a new file without the original's metadata (EXIF, GPS)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        rendition = image.get_rendition(IMAGE_SPEC)
        return {"url": rendition.full_url, "width": rendition.width, "height": rendition.height}


class PrefetchedTagsField(Field):
    """Tag names, sorted here so that the tags loaded for the whole list serve (Wagtail sorts in SQL,
    one query per item)."""

    def to_representation(self, manager):
        return sorted(tag.name for tag in manager.all())


class RenditionImageSerializer(ImageSerializer):
    rendition = ImageRenditionField(read_only=True)
    tags = PrefetchedTagsField(read_only=True)


class PublicDocumentSerializer(DocumentSerializer):
    tags = PrefetchedTagsField(read_only=True)


class PublicImagesAPIViewSet(HardenedViewSetMixin, ImagesAPIViewSet):
    base_serializer_class = RenditionImageSerializer
    body_fields = [*ImagesAPIViewSet.body_fields, "rendition"]
    meta_fields = [name for name in ImagesAPIViewSet.meta_fields if name != "download_url"]
    listing_default_fields = [
        *(name for name in ImagesAPIViewSet.listing_default_fields if name != "download_url"),
        "rendition",
    ]
    nested_default_fields = [
        *(name for name in ImagesAPIViewSet.nested_default_fields if name != "download_url"),
        "rendition",
    ]

    def get_queryset(self):
        image_model = get_image_model()
        return (
            super()
            .get_queryset()
            .filter(pk__in=used_on_public_pages(image_model))
            .exclude(collection__in=restricted_collections())
            .prefetch_related("tags")
            .prefetch_renditions(IMAGE_SPEC)
        )


class PublicDocumentsAPIViewSet(HardenedViewSetMixin, DocumentsAPIViewSet):
    base_serializer_class = PublicDocumentSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(pk__in=used_on_public_pages(get_document_model()))
            .exclude(collection__in=restricted_collections())
            .prefetch_related("tags")
        )


CONTENT_API_LIMIT = Limit(
    "content-api",
    DEFAULT_RATE_LIMIT,
    setting="CONTENT_API_RATE_LIMIT",
    window_seconds=DEFAULT_RATE_WINDOW,
)


def error(status: int, message: str) -> JsonResponse:
    """An error in Wagtail's API form ({"message"}); never cached."""
    response = JsonResponse({"message": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def content_api_view(view):
    """The conventions of every /api/v2/ address: the per-address rate limit (fails open, like the
    listings API's), then an ETag over the answer with 304 for If-None-Match, public caching for
    successful answers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not CONTENT_API_LIMIT.allows(request):
            retry_after = seconds_left(CONTENT_API_LIMIT.window_seconds)
            response = error(429, f"Too many requests: at most {CONTENT_API_LIMIT.number} a minute.")
            response["Retry-After"] = str(retry_after)
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            response.setdefault("Cache-Control", "no-store")
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response = get_conditional_response(request, etag=etag) or response
        response["ETag"] = etag
        seconds = getattr(settings, "CONTENT_API_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)
        return cdn_cache_headers(response, seconds)

    return wrapped


def unknown_address(request, path=""):
    return error(404, "not found")


class ContentAPIRouter(WagtailAPIRouter):
    """Wagtail's router with the conventions above on every view, and a JSON 404 for any other address."""

    def wrap_view(self, func):
        return content_api_view(super().wrap_view(func))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), re_path(r"^(?P<path>.*)$", content_api_view(unknown_address))]


api_router = ContentAPIRouter("content_api")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
