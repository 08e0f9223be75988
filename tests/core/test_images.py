"""Editors' image uploads keep to the pixel limit with a message, never a server error."""

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.library import files

pytestmark = pytest.mark.django_db


def upload(admin_client, content: bytes, name: str = "plakat.png"):
    collection = Collection.get_first_root_node()
    data = {"title": "Plakat", "collection": collection.pk, "file": SimpleUploadedFile(name, content)}
    return admin_client.post(reverse("wagtailimages:add"), data)


def file_errors(response) -> str:
    soup = BeautifulSoup(response.content, "lxml")
    errors = soup.select(".error-message, .w-field__errors")
    return " ".join(error.get_text(" ", strip=True) for error in errors)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (files.png_claiming(50_000, 50_000), "Billedet har mere end 60 millioner pixels."),
        (files.png_claiming(8_000, 8_000), "Billedet har mere end 60 millioner pixels."),
        (files.png_claiming(2_000, 2_000), "Medsend et gyldigt billede."),
    ],
    ids=["50000x50000", "8000x8000", "truncated"],
)
def test_a_picture_too_large_or_damaged_is_a_field_error(admin_client, content, message):
    before = get_image_model().objects.count()
    response = upload(admin_client, content)
    assert response.status_code == 200
    assert message in file_errors(response), file_errors(response)
    assert get_image_model().objects.count() == before


def test_an_ordinary_picture_is_taken(admin_client):
    before = get_image_model().objects.count()
    response = upload(admin_client, files.image("PNG"))
    assert response.status_code == 302, file_errors(response)
    assert get_image_model().objects.count() == before + 1


def test_pillow_refuses_at_the_site_limit(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 60_000_000
