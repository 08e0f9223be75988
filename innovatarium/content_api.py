"""The content API (Wagtail API v2 at /api/v2/): published, public pages, images and documents.

Wagtail lets a visitor's session see pages behind a password or login it has passed; the API is for
other channels and shows only what anybody may see. Documents in restricted collections stay out too.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        return super().get_base_queryset().public()


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        restricted = Collection.objects.none()
        for restriction in CollectionViewRestriction.objects.select_related("collection"):
            restricted |= restriction.collection.get_descendants(inclusive=True)
        return queryset.exclude(collection__in=restricted)


api_router = WagtailAPIRouter("content_api")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
