"""The content API (/api/v2/): page fields, public HTML, renditions, languages, nothing hidden leaks."""

import json
import re

import pytest

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from home.models import HomePage, StandardPage
from tests.api.conftest import assert_expected
from tests.events.factories import publish

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


def normalised(data):
    """Database ids differ from run to run; everything else in a page is fixed by the test."""
    text = json.dumps(data, ensure_ascii=False)
    text = re.sub(r'"id": \d+', '"id": 0', text)
    text = re.sub(r"/api/v2/pages/\d+/", "/api/v2/pages/0/", text)
    text = re.sub(r'id=\\"\d+\\"', 'id=\\"0\\"', text)
    # Uploaded files get a random suffix when the name is taken in the test media folder.
    text = re.sub(r"/documents/\d+/[^\\\"]+", "/documents/0/program.pdf", text)
    return json.loads(text)


def standard_page(parent, title, slug, body, locale=None) -> StandardPage:
    page = StandardPage(title=title, slug=slug, introduction=f"{title}: kort fortalt.", body=json.dumps(body))
    if locale is not None:
        page.locale = locale
    parent.add_child(instance=page)
    return publish(page)


@pytest.fixture
def linked_pages(db):
    """A Danish page whose text links to another page and to a document, and its English translation."""
    home = HomePage.objects.get(locale__language_code="da")
    target = standard_page(home, "Overnatning i huset", "overnatning-i-huset", [])
    document = Document.objects.create(title="Program", file=_file("program.pdf"))
    text = (
        f'<p>Læs om <a linktype="page" id="{target.pk}">overnatning</a> og '
        f'<a linktype="document" id="{document.pk}">programmet</a>.</p>'
    )
    page = standard_page(
        home,
        "Praktisk information",
        "praktisk-information",
        [
            {
                "type": "heading",
                "id": "00000000-0000-0000-0000-0000000000a1",
                "value": {"text": "Før du kommer", "level": "h2"},
            },
            {"type": "paragraph", "id": "00000000-0000-0000-0000-0000000000a2", "value": text},
        ],
    )
    english = Locale.objects.get(language_code="en")
    english_target = target.copy_for_translation(english, copy_parents=True)
    english_target.title, english_target.slug = "Staying at the house", "staying-at-the-house"
    english_target.save()
    publish(english_target)
    translated = page.copy_for_translation(english, copy_parents=True)
    translated.title, translated.slug = "Practical information", "practical-information"
    translated.introduction = "Practical information: in short."
    translated.body = json.dumps(
        [
            {
                "type": "heading",
                "id": "00000000-0000-0000-0000-0000000000a1",
                "value": {"text": "Before you come", "level": "h2"},
            },
            {
                "type": "paragraph",
                "id": "00000000-0000-0000-0000-0000000000a2",
                "value": (
                    f'<p>Read about <a linktype="page" id="{target.pk}">staying here</a> and '
                    f'<a linktype="document" id="{document.pk}">the programme</a>.</p>'
                ),
            },
        ]
    )
    translated.save()
    return page, publish(translated), document


def _file(name: str):
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n%test\n", name=name)


def test_standard_page_in_both_languages_matches_the_expected_json(client, linked_pages):
    danish, english, _document = linked_pages
    for language, page in (("da", danish), ("en", english)):
        response = client.get(f"{PAGES}{page.pk}/")
        assert response.status_code == 200
        assert_expected(f"content_standard_page_{language}", normalised(response.json()))


def test_rich_text_reaches_consumers_as_html_with_public_addresses(client, linked_pages):
    danish, english, document = linked_pages
    danish_html = client.get(f"{PAGES}{danish.pk}/").json()["body"][1]["value"]
    english_html = client.get(f"{PAGES}{english.pk}/").json()["body"][1]["value"]
    assert "linktype" not in danish_html + english_html
    assert 'href="http://testserver/overnatning-i-huset/"' in danish_html
    # The English page links to the English translation of the page, whatever the request's language.
    assert 'href="http://testserver/en/staying-at-the-house/"' in english_html
    assert f'href="http://testserver{document.url}"' in danish_html


def test_images_come_as_renditions_with_url_size_and_alt_text(client, db):
    home = HomePage.objects.get(locale__language_code="da")
    image = Image.objects.first()
    page = standard_page(
        home,
        "Billeder",
        "billeder",
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "Gule sedler på en væg", "decorative": False},
                    "caption": "Værkstedet",
                },
            },
            {
                "type": "image",
                "value": {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""},
            },
        ],
    )
    block, decoration = (child["value"] for child in client.get(f"{PAGES}{page.pk}/").json()["body"])
    assert re.fullmatch(r"http://testserver/media/images/.+\.width-1200\.format-webp\.webp", block["url"])
    assert (block["width"], block["alt"], block["decorative"], block["caption"]) == (
        1200,
        "Gule sedler på en væg",
        False,
        "Værkstedet",
    )
    assert block["height"] > 0
    assert (decoration["alt"], decoration["decorative"]) == ("", True)
    hero = client.get(f"{PAGES}{home.pk}/").json()["hero_image"]
    assert hero["alt"] == home.hero_image_alt and hero["url"].startswith("http://testserver/media/")


def test_every_page_type_exposes_its_fields(client, site_pages):
    from events.models import EventIndexPage, EventPage

    event = EventPage.objects.live().filter(locale__language_code="en").first()
    event_fields = client.get(f"{PAGES}{event.pk}/").json()
    for field in (
        "summary",
        "start",
        "end",
        "format",
        "venue",
        "body",
        "programme",
        "price_options",
        "themes",
    ):
        assert field in event_fields, field
    assert event_fields["start"].endswith("+01:00") or event_fields["start"].endswith("+02:00")
    assert event_fields["themes"][0]["name"] != ""
    index = EventIndexPage.objects.get(locale__language_code="en")
    assert "introduction" in client.get(f"{PAGES}{index.pk}/").json()
    home = client.get(f"{PAGES}{site_pages['en']['home'].pk}/").json()
    assert home["hero_heading"] and home["hero_actions"][0]["value"]["url"].startswith(
        "http://testserver/en/"
    )
    standard = StandardPage.objects.filter(locale__language_code="en").first()
    assert "body" in client.get(f"{PAGES}{standard.pk}/").json()


def test_locale_and_translation_of_filters(client):
    danish = StandardPage.objects.filter(locale__language_code="da").first()
    english = client.get(f"{PAGES}?locale=en&limit=50").json()
    assert english["meta"]["total_count"] > 0
    assert {item["meta"]["locale"] for item in english["items"]} == {"en"}
    translation = client.get(f"{PAGES}?translation_of={danish.pk}&locale=en").json()
    assert [item["id"] for item in translation["items"]] == [
        danish.get_translation(Locale.objects.get(language_code="en")).pk
    ]


def test_page_size_is_capped(client, db):
    assert client.get(f"{PAGES}?limit=50").status_code == 200
    too_many = client.get(f"{PAGES}?limit=51")
    assert too_many.status_code == 400
    # Problem details like every API error, with Wagtail's message kept in `message` and `detail`.
    assert too_many["Content-Type"] == "application/problem+json"
    assert too_many.json()["message"] == too_many.json()["detail"] == "limit cannot be higher than 50"


def test_drafts_private_pages_and_unpublished_changes_never_leak(client, admin_client, db):
    home = HomePage.objects.get(locale__language_code="da")
    draft = StandardPage(title="Kladde", slug="kladde", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    private = standard_page(home, "Kun for personalet", "kun-for-personalet", [])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    secret_child = standard_page(private, "Hemmelig underside", "hemmelig-underside", [])
    changed = standard_page(home, "Offentlig titel", "offentlig-titel", [])
    changed.title = "Titel der ikke er udgivet"
    changed.save_revision()
    for api_client in (client, admin_client):  # a staff session sees no more than anyone else
        listing = api_client.get(f"{PAGES}?limit=50&fields=title").content.decode()
        others = api_client.get(f"{PAGES}?limit=50&offset=50&fields=title").content.decode()
        for hidden in ("Kladde", "Kun for personalet", "Hemmelig underside", "Titel der ikke er udgivet"):
            assert hidden not in listing + others
        assert "Offentlig titel" in listing + others
        for page in (draft, private, secret_child):
            assert api_client.get(f"{PAGES}{page.pk}/").status_code == 404


def test_documents_in_restricted_collections_are_not_listed(client, db):
    staff = Collection.get_first_root_node().add_child(name="Personale")
    CollectionViewRestriction.objects.create(collection=staff, restriction_type="login")
    internal = Document.objects.create(title="Intern huskeliste", file=_file("intern.pdf"), collection=staff)
    public = Document.objects.create(title="Offentligt program", file=_file("offentligt.pdf"))
    links = "".join(f'<a linktype="document" id="{document.pk}">fil</a>' for document in (internal, public))
    home = HomePage.objects.get(locale__language_code="da")
    standard_page(home, "Filer", "filer", [{"type": "paragraph", "value": f"<p>{links}</p>"}])
    titles = [item["title"] for item in client.get("/api/v2/documents/?limit=50").json()["items"]]
    assert "Offentligt program" in titles and "Intern huskeliste" not in titles
