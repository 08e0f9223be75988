"""Data migrations of the shared block library's stored JSON, for every app whose pages compose it.

The image block used to keep its alt text beside an image chooser:
    {"image": 12, "alt_text": "…", "caption": "…"}
It now wraps Wagtail's ImageBlock, which keeps the alt text and the "decorative" choice itself:
    {"image": {"image": 12, "alt_text": "…", "decorative": false}, "caption": "…"}
Pages and their revisions are converted with Wagtail's MigrateStreamData and the operation below;
`move_image_translations` then brings wagtail-localize's copy of the source along, so translated alt
texts keep their translations and "Sync translated pages" goes on working.
"""

import json

from wagtail.blocks.migrations.operations import BaseBlockOperation

IMAGE_BLOCK = "image"
# The old block's children that now live inside the ImageBlock, by their old path ending.
MOVED_INTO_IMAGE_BLOCK = ("image", "alt_text")


class ImageAltTextToImageBlockOperation(BaseBlockOperation):
    """One image block from the old shape to the new; a block already in the new shape is left alone,
    so the migration can run again (after migrating back and forth)."""

    def apply(self, block_value):
        return image_block_value(block_value)

    @property
    def operation_name_fragment(self):
        return "image_alt_text_to_image_block"


def image_block_value(value: dict) -> dict:
    if isinstance(value.get("image"), dict):
        return value
    alt_text = value.get("alt_text") or ""
    return {
        # An image without alt text was shown with alt="": that is what "decorative" now says.
        "image": {"image": value.get("image"), "alt_text": alt_text, "decorative": not alt_text},
        "caption": value.get("caption") or "",
    }


def stream_with_image_blocks(stream: list) -> list:
    return [
        {**child, "value": image_block_value(child["value"])} if child.get("type") == IMAGE_BLOCK else child
        for child in stream
    ]


def move_image_translations(app_label: str, fields: dict[str, str], migration_name: str):
    """A RunPython function: convert the source content that wagtail-localize froze for the given
    models ({model name: StreamField name}) and move its translation contexts from
    `body.<block id>.alt_text` to `body.<block id>.image.alt_text` (and the image itself likewise),
    so that existing translations are found again under the new paths. The sources are marked as
    of this migration, so the translation editor does not call them out of date."""

    def forward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
        TranslationContext = apps.get_model("wagtail_localize", "TranslationContext")
        content_types = {
            content_type.pk: fields[content_type.model]
            for content_type in ContentType.objects.filter(app_label=app_label, model__in=list(fields))
        }
        for source in TranslationSource.objects.filter(specific_content_type_id__in=list(content_types)):
            field_name = content_types[source.specific_content_type_id]
            content = json.loads(source.content_json)
            stream = content.get(field_name) or "[]"
            stream = json.loads(stream) if isinstance(stream, str) else stream
            image_ids = {child.get("id") for child in stream if child.get("type") == IMAGE_BLOCK}
            content[field_name] = json.dumps(stream_with_image_blocks(stream))
            source.content_json = json.dumps(content)
            source.schema_version = migration_name
            source.save(update_fields=["content_json", "schema_version"])
            contexts = TranslationContext.objects.filter(
                object_id=source.object_id, path__startswith=f"{field_name}."
            )
            for context in contexts:
                parts = context.path.split(".")
                if len(parts) == 3 and parts[1] in image_ids and parts[2] in MOVED_INTO_IMAGE_BLOCK:
                    context.path = f"{field_name}.{parts[1]}.{IMAGE_BLOCK}.{parts[2]}"
                    context.path_id = translation_path_id(context.path)
                    context.field_path = f"{field_name}.{IMAGE_BLOCK}.{IMAGE_BLOCK}.{parts[2]}"
                    context.save(update_fields=["path", "path_id", "field_path"])

    return forward


def translation_path_id(path: str):
    """wagtail-localize's id of a content path (TranslationContext._get_path_id, which historical
    models in a migration do not have)."""
    from wagtail_localize.models import TranslationContext

    return TranslationContext._get_path_id(path)
