"""The content API (/api/v2/) hardened: bad input, what images and documents it shows, the visitor's
language for snippets, bounded queries, decimal prices, cache headers and the rate limit."""

import io
import json
from decimal import Decimal

import pytest
from PIL import Image as PillowImage

from django.core.files.images import ImageFile
from django.test import override_settings

from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from home.models import HomePage, StandardPage
from people.models import Person
from tests.events.factories import make_event, make_venue, price_options, translate_event
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db

API = "/api/v2/"

# Each of these is the client's mistake: a 4xx with a JSON message, never a server error.
BAD_REQUESTS = [
    "pages/find/?id=abc",
    "pages/find/?id=99999999999999999999",
    "pages/find/?html_path=%00",
    "pages/?search=%00",
    "pages/?locale=%00",
    "pages/?locale=xx",
    "pages/?site=%00",
    "pages/?slug=%00",
    "pages/?offset=99999999999999999999",
    "pages/?limit=99999999999999999999",
    "pages/?offset=-1",
    "pages/?limit=abc",
    "pages/?type=nonsense",
    "pages/?type=events.Nonsense",
    "pages/?fields=nonsense",
    "pages/?fields=_,id(",
    "pages/?order=nonsense",
    "pages/?child_of=abc",
    "pages/?child_of=99999999999999999999",
    "pages/?descendant_of=abc",
    "pages/?translation_of=abc",
    "pages/?translation_of=99999999999999999999",
    "pages/?id=abc",
    "pages/?show_in_menus=maybe",
    "pages/?type=events.EventPage&start=abc",
    "pages/?type=events.EventPage&themes=abc",
    "pages/?type=events.EventPage&capacity=abc",
    "pages/?type=library.ResourcePage&published_date=abc",
    "pages/abc/",
    "pages/99999999999999999999/",
    "nonsense/",
    "images/?id=abc",
    "images/?search=%00",
    "images/?title=%00",
    "images/?offset=99999999999999999999",
    "images/?fields=nonsense",
    "images/?order=nonsense",
    "images/?width=abc",
    "images/find/?id=abc",
    "images/abc/",
    "documents/?id=abc",
    "documents/?search=%00",
    "documents/?offset=99999999999999999999",
    "documents/?fields=download_url(nonsense)",
    "documents/?order=nonsense",
    "documents/find/?id=abc",
    "documents/99999999999999999999/",
]


def test_bad_input_answers_4xx_with_a_json_message(client):
    for address in BAD_REQUESTS:
        response = client.get(API + address)
        assert 400 <= response.status_code < 500, (address, response.status_code)
        # Problem details, like every error under /api/ (partner_api/middleware.py), with the message kept.
        assert response["Content-Type"] == "application/problem+json", address
        assert response.json()["message"] == response.json()["detail"], address


def photo(title: str, collection=None):
    """A small JPEG carrying camera metadata (EXIF), as phones upload them."""
    picture = PillowImage.new("RGB", (64, 48), "orange")
    exif = picture.getexif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x013B] = "Jens Hemmelig"  # Artist
    data = io.BytesIO()
    picture.save(data, "JPEG", exif=exif.tobytes())
    fields = {"collection": collection} if collection else {}
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(data.getvalue()), name=f"{title}.jpg"), **fields
    )


def page_using(title, slug, image=None, document=None, parent=None, live=True, link_to=None) -> StandardPage:
    """A standard page whose body shows the image and links to the document (and the page link_to)."""
    body = []
    if link_to is not None:
        body.append(
            {"type": "paragraph", "value": f'<p><a linktype="page" id="{link_to.pk}">Se også</a></p>'}
        )
    if image is not None:
        body.append(
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": title, "decorative": False},
                    "caption": "",
                },
            }
        )
    if document is not None:
        body.append(
            {"type": "paragraph", "value": f'<p><a linktype="document" id="{document.pk}">Fil</a></p>'}
        )
    page = StandardPage(title=title, slug=slug, body=json.dumps(body), live=live)
    (parent or HomePage.objects.get(locale__language_code="da")).add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page


def test_images_and_documents_only_when_a_live_public_page_uses_them(client):
    staff = Collection.get_first_root_node().add_child(name="Personale")
    CollectionViewRestriction.objects.create(collection=staff, restriction_type="login")
    shown_image, shown_document = photo("brugt"), make_document("Brugt program", "brugt.pdf")
    draft_image, draft_document = photo("kladde"), make_document("Kladdefil", "kladde.pdf")
    private_image, private_document = photo("privat"), make_document("Privat fil", "privat.pdf")
    staff_image = photo("personale", collection=staff)
    staff_document = make_document("Personalefil", "personale.pdf")
    staff_document.collection = staff
    staff_document.save()
    unused_image, unused_document = photo("ubrugt"), make_document("Ubrugt fil", "ubrugt.pdf")
    page_using("Brugt", "brugt", shown_image, shown_document)
    page_using("Personale", "personale-side", staff_image, staff_document)
    page_using("Kladde", "kladde", draft_image, draft_document, live=False)
    private = page_using("Privat", "privat", private_image, private_document)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    images = client.get(f"{API}images/?limit=50&fields=*").json()["items"]
    documents = client.get(f"{API}documents/?limit=50").json()["items"]
    assert shown_image.pk in [item["id"] for item in images]
    assert shown_document.pk in [item["id"] for item in documents]
    for hidden in (draft_image, private_image, staff_image, unused_image):
        assert hidden.pk not in [item["id"] for item in images], hidden.title
        assert client.get(f"{API}images/{hidden.pk}/").status_code == 404
    for hidden in (draft_document, private_document, staff_document, unused_document):
        assert hidden.pk not in [item["id"] for item in documents], hidden.title
        assert client.get(f"{API}documents/{hidden.pk}/").status_code == 404

    # No link to the original file: a rendition, a new file without the camera's metadata.
    shown = client.get(f"{API}images/{shown_image.pk}/").json()
    assert "download_url" not in json.dumps(shown) and "original_images" not in json.dumps(shown)
    rendition = shown_image.get_rendition("width-1200|format-webp")
    assert shown["rendition"]["url"].endswith(rendition.url)
    with rendition.file.open("rb") as stored:
        content = stored.read()
    assert b"SecretCam" not in content and b"Hemmelig" not in content
    assert not PillowImage.open(io.BytesIO(content)).getexif()


def test_english_pages_show_the_english_venue_speaker_texts_and_decimal_prices(client):
    english = Locale.objects.get(language_code="en")
    venue = make_venue(name="Store sal", accessibility="Niveaufri adgang og teleslynge.")
    english_venue = venue.copy_for_translation(english)
    english_venue.name, english_venue.accessibility = "Great hall", "Step-free access and hearing loop."
    english_venue.save()
    speaker = Person.objects.create(name="Mette Holm", role="Ergoterapeut", bio="Arbejder med hjælpemidler.")
    english_speaker = speaker.copy_for_translation(english)
    english_speaker.role, english_speaker.bio = "Occupational therapist", "Works with assistive devices."
    english_speaker.save()
    untranslated = Person.objects.create(name="Ole Berg", role="Pædagog", bio="")
    event = make_event(
        venue=venue,
        speakers=[speaker, untranslated],
        price_options=price_options(("Standard", "1250")),
        accommodation_price_per_night=Decimal("450"),
    )
    translated = translate_event(event, title="Workshop on co-creation")

    danish_fields = client.get(f"{API}pages/{event.pk}/").json()
    english_fields = client.get(f"{API}pages/{translated.pk}/").json()
    listed = client.get(f"{API}pages/?type=events.EventPage&locale=en&fields=venue,speakers&limit=50").json()
    english_in_list = next(item for item in listed["items"] if item["id"] == translated.pk)
    assert danish_fields["venue"]["name"] == "Store sal"
    assert [person["role"] for person in danish_fields["speakers"]] == ["Ergoterapeut", "Pædagog"]
    for fields in (english_fields, english_in_list):
        assert fields["venue"]["name"] == "Great hall"
        assert fields["venue"]["accessibility"] == "Step-free access and hearing loop."
        # A person without an English text keeps the Danish one rather than disappearing.
        assert [person["role"] for person in fields["speakers"]] == ["Occupational therapist", "Pædagog"]
    assert english_fields["price_options"][0]["value"]["amount"] == "1250.00"
    assert english_fields["accommodation_price_per_night"] == "450.00"


@pytest.mark.parametrize(
    ("page_type", "few", "many"), [("library.ResourcePage", 10, 50), ("events.EventPage", 3, 12)]
)
def test_every_field_of_a_list_takes_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, page_type, few, many
):
    """The demo's resources and events carry every kind of relation (vocabularies, people, venues,
    files, related pages, images); the count must not grow with the number of pages."""
    for limit in (few, many):
        client.get(f"{API}pages/?type={page_type}&fields=*&limit={limit}")  # renditions made once
        with django_assert_max_num_queries(40):
            response = client.get(f"{API}pages/?type={page_type}&fields=*&limit={limit}")
        assert len(response.json()["items"]) == limit


def test_links_in_the_texts_of_a_list_are_looked_up_once(client, django_assert_max_num_queries):
    english = Locale.objects.get(language_code="en")
    target = page_using("Mål", "maal")
    translated_target = target.copy_for_translation(english, copy_parents=True)
    translated_target.title, translated_target.slug = "Target", "target"
    translated_target.save()
    translated_target.save_revision().publish()
    document = make_document("Fælles fil", "faelles.pdf")
    parent = page_using("Samling", "samling")
    for number in range(8):
        page_using(f"Side {number}", f"side-{number}", document=document, parent=parent, link_to=target)
    counts = {}
    for limit in (2, 8):
        address = f"{API}pages/?child_of={parent.pk}&type=home.StandardPage&fields=*&limit={limit}"
        client.get(address)  # the site's root paths are cached once
        with django_assert_max_num_queries(30) as queries:
            items = client.get(address).json()["items"]
        counts[limit] = len(queries.captured_queries)
        assert len(items) == limit
        for item in items:
            html = "".join(block["value"] for block in item["body"])
            assert (
                'href="http://testserver/maal/"' in html and f'href="http://testserver{document.url}"' in html
            )
    assert counts[8] <= counts[2], counts


def test_answers_carry_an_etag_cache_headers_and_a_rate_limit(client):
    address = f"{API}pages/?limit=5"
    first = client.get(address)
    assert first.status_code == 200
    assert first["Cache-Control"].startswith("public, max-age=60")
    assert first["ETag"]
    unchanged = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get(address, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get(f"{API}pages/?limit=abc")["Cache-Control"] == "no-store"
    with override_settings(CONTENT_API_RATE_LIMIT=2):
        client.get(address)
        client.get(address)
        refused = client.get(address)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0 and refused.json()["message"]
