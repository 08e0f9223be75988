"""Image alt text through Wagtail's ImageBlock: the data migration, the page in both languages and
the wagtail-localize translation of the alt text."""

import importlib
import json

import pytest
from bs4 import BeautifulSoup

from django.apps import apps
from django.db import connection

from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationContext, TranslationSource

from home.block_migrations import image_block_value
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db

ALT_DA, ALT_EN = "Gule sedler på en væg", "Yellow sticky notes on a wall"
CAPTION_DA, CAPTION_EN = "Værkstedet", "The workshop"
FIRST_BLOCK = "6f1c1c86-0000-4000-8000-000000000001"


def image_blocks(image, *, alt_text=ALT_DA, caption=CAPTION_DA) -> list[dict]:
    """One image with alt text and a caption, then one decorative image, in ImageBlock's shape."""
    return [
        {
            "type": "image",
            "id": FIRST_BLOCK,
            "value": {
                "image": {"image": image.pk, "alt_text": alt_text, "decorative": False},
                "caption": caption,
            },
        },
        {
            "type": "image",
            "id": "6f1c1c86-0000-4000-8000-000000000002",
            "value": {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""},
        },
    ]


def old_shape(blocks: list[dict]) -> list[dict]:
    """The same blocks as the image block stored them before ImageBlock: alt text beside the image."""
    return [
        {
            **block,
            "value": {
                "image": block["value"]["image"]["image"],
                "alt_text": block["value"]["image"]["alt_text"],
                "caption": block["value"]["caption"],
            },
        }
        for block in blocks
    ]


def danish_page(blocks: list[dict]) -> StandardPage:
    home = HomePage.objects.get(locale__language_code="da")
    page = StandardPage(title="Billeder", slug="billeder", body=json.dumps(blocks))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate_into_english(page: StandardPage) -> tuple[Translation, StandardPage]:
    """Translate every segment as a translator does in the editor, and publish the English page."""
    english = {ALT_DA: ALT_EN, CAPTION_DA: CAPTION_EN, page.title: "Pictures"}
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="en")
    )
    po = translation.export_po()
    for entry in po:
        entry.msgstr = english.get(entry.msgid, entry.msgid)
    translation.import_po(po)
    return translation, sync(translation)


def sync(translation: Translation) -> StandardPage:
    """Save and publish the English page from the translation. wagtail-localize publishes when the
    transaction commits, which a test's transaction never does, so the revision is published here."""
    translation.save_target(publish=True)
    english = translation.get_target_instance()
    english.get_latest_revision().publish()
    english.refresh_from_db()
    return english


def rendered_images(client, page) -> list[tuple[str | None, str]]:
    soup = BeautifulSoup(client.get(page.url).content, "lxml")
    return [
        (figure.img.get("alt"), figure.figcaption.get_text(strip=True) if figure.figcaption else "")
        for figure in soup.select("main figure.block-image")
    ]


def run_migration(app_label: str, name: str) -> None:
    """Run a migration's data operations on the database as it is, as `manage.py migrate` does."""
    migration = importlib.import_module(f"{app_label}.migrations.{name}").Migration
    for operation in migration.operations:
        if hasattr(operation, "code"):
            operation.code(apps, None)


def test_old_image_block_becomes_an_image_block_with_decorative():
    assert image_block_value({"image": 7, "alt_text": ALT_DA, "caption": CAPTION_DA}) == {
        "image": {"image": 7, "alt_text": ALT_DA, "decorative": False},
        "caption": CAPTION_DA,
    }
    # Without alt text the image was shown with alt="", as decoration.
    assert image_block_value({"image": 7, "alt_text": "", "caption": ""})["image"]["decorative"] is True
    new = image_block_value({"image": 7, "alt_text": ALT_DA, "caption": ""})
    assert image_block_value(new) == new


def test_both_languages_render_the_alt_text_of_their_own_language(client):
    page = danish_page(image_blocks(get_image_model().objects.first()))
    _translation, english = translate_into_english(page)
    assert rendered_images(client, page) == [(ALT_DA, CAPTION_DA), ("", "")]
    assert rendered_images(client, english) == [(ALT_EN, CAPTION_EN), ("", "")]


def test_alt_text_is_a_translation_segment_that_sync_carries():
    page = danish_page(image_blocks(get_image_model().objects.first()))
    translation, english = translate_into_english(page)
    paths = set(
        StringSegment.objects.filter(source=translation.source).values_list("context__path", flat=True)
    )
    assert {f"body.{FIRST_BLOCK}.image.alt_text", f"body.{FIRST_BLOCK}.caption"} <= paths

    # The Danish alt text changes; the sync brings the new text, untranslated until a translator comes.
    revision = page.get_latest_revision_as_object()
    revision.body = json.dumps(image_blocks(get_image_model().objects.first(), alt_text="Blå sedler"))
    revision.save_revision().publish()
    translation.source.update_from_db()
    english = sync(translation)
    assert [child.value["image"].contextual_alt_text for child in english.body] == ["Blå sedler", ""]


def test_migration_moves_alt_texts_revisions_and_translations_into_the_image_block(client):
    """A page saved, published and translated before ImageBlock: its body, its revisions, the source
    wagtail-localize froze and the translation contexts all in the old shape."""
    image = get_image_model().objects.first()
    blocks = image_blocks(image)
    page = danish_page(blocks)
    translation, english = translate_into_english(page)
    source = translation.source

    # Back to the old shape, everywhere the old code wrote it.
    old = json.dumps(old_shape(blocks))
    for saved in (page, english):
        with connection.cursor() as cursor:  # raw: the StreamField would turn the old shape into the new
            cursor.execute(
                f"UPDATE {StandardPage._meta.db_table} SET body = %s::jsonb WHERE page_ptr_id = %s",  # noqa: S608
                [json.dumps(old_shape(list(saved.body.raw_data))), saved.pk],
            )
    for revision in [page.get_latest_revision(), english.get_latest_revision()]:
        revision.content["body"] = json.dumps(old_shape(json.loads(revision.content["body"])))
        revision.save(update_fields=["content"])
    content = json.loads(source.content_json)
    content["body"] = old
    TranslationSource.objects.filter(pk=source.pk).update(
        content_json=json.dumps(content), schema_version="0003_block_templates_in_their_apps"
    )
    moved = TranslationContext.objects.filter(object_id=source.object_id, path__contains=".image.")
    # At least the first image's alt text and the image itself (an overridable segment).
    assert moved.count() >= 2
    for context in moved:
        context.path = context.path.replace(".image.", ".")
        context.path_id = TranslationContext._get_path_id(context.path)
        context.save()

    run_migration("home", "0004_image_block_alt_text")

    for saved in (page, english):
        saved.refresh_from_db()
        stored = [
            child["value"]["image"] for child in json.loads(saved.get_latest_revision().content["body"])
        ]
        assert stored == [child["value"]["image"] for child in saved.body.raw_data]
    assert [child["value"] for child in page.body.raw_data] == [child["value"] for child in blocks]
    assert [child["value"]["image"]["alt_text"] for child in english.body.raw_data] == [ALT_EN, ""]
    assert rendered_images(client, page) == [(ALT_DA, CAPTION_DA), ("", "")]
    assert rendered_images(client, english) == [(ALT_EN, CAPTION_EN), ("", "")]

    # wagtail-localize finds the existing English alt text under the new path: a sync keeps it.
    source.refresh_from_db()
    assert [child["value"] for child in json.loads(json.loads(source.content_json)["body"])] == [
        child["value"] for child in blocks
    ]
    assert source.schema_version == "0004_image_block_alt_text"
    source.update_from_db()
    english = sync(Translation.objects.get(pk=translation.pk))
    assert [child.value["image"].contextual_alt_text for child in english.body] == [ALT_EN, ""]

    # Running it again changes nothing.
    run_migration("home", "0004_image_block_alt_text")
    page.refresh_from_db()
    assert [child["value"] for child in page.body.raw_data] == [child["value"] for child in blocks]


def test_the_demos_image_blocks_have_alt_text_in_each_language(site_pages):
    """The demo writes its image blocks in ImageBlock's shape; the English pages get their alt text
    from the translation, not a copy of the Danish."""

    def images_of(page):
        return [child.value["image"] for child in getattr(page, "body", []) if child.block_type == "image"]

    checked = 0
    for key, danish in site_pages["da"].items():
        images = images_of(danish)
        if not images:
            continue
        english = images_of(site_pages["en"][key])
        assert [image.pk for image in english] == [image.pk for image in images]
        for da, en in zip(images, english, strict=True):
            assert da.decorative == en.decorative
            if not da.decorative:
                assert da.contextual_alt_text and en.contextual_alt_text
                assert da.contextual_alt_text != en.contextual_alt_text
        checked += 1
    assert checked
