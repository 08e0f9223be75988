"""English demo content made the way an editor makes it: as a synced wagtail-localize translation.

The Danish page or snippet becomes a translation source; each text segment wagtail-localize
extracts from it gets, as its translation, the English text the data files give for the same place;
then wagtail-localize writes the English object from those translations. Editors therefore open the
English demo pages in the translation editor, and "Sync translated pages" works on them.
"""

import copy
import re

from django.db import models

from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

# Block ids differ between the Danish object and the English text it is compared with.
BLOCK_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _strings(instance) -> list[StringSegmentValue]:
    return [segment for segment in extract_segments(instance) if isinstance(segment, StringSegmentValue)]


def _shape(segments: list[StringSegmentValue]) -> list[str]:
    """The segments' paths with each block id replaced by its number in order of appearance."""
    numbers: dict[str, str] = {}
    return [
        BLOCK_ID.sub(lambda match: numbers.setdefault(match[0], f"#{len(numbers)}"), segment.path)
        for segment in segments
    ]


def english_strings(danish: models.Model, english: dict) -> dict[tuple[str, str], str]:
    """The English of each text segment of the Danish object: (path, Danish text) → English text.

    `english` holds field values in English, shaped like the Danish ones: the same blocks in the
    same order, the same number of paragraphs. Anything else is an error in the data files, named
    by the first place where the two differ.
    """
    english_view = copy.copy(danish)
    for name, value in english.items():
        setattr(english_view, name, value)
    source, translated = _strings(danish), _strings(english_view)
    if _shape(source) != _shape(translated):
        differs = next(
            (pair for pair in zip(_shape(source), _shape(translated), strict=False) if pair[0] != pair[1]),
            (len(source), len(translated)),
        )
        raise ValueError(f"The English of {danish!r} is not shaped like the Danish: {differs}")
    strings = {}
    for segment, english_segment in zip(source, translated, strict=True):
        key = (segment.path, segment.string.data)
        if strings.setdefault(key, english_segment.string.data) != english_segment.string.data:
            raise ValueError(f"{danish!r} has {key} twice, with two different English texts")
    return strings


def translate(danish: models.Model, english: dict, locale: Locale) -> models.Model:
    """Create the synced English translation of a Danish page or snippet from English field values.

    A page is saved as a draft, for the caller to publish once it has added what wagtail-localize
    does not carry (see demo.loader); a snippet is saved as it is.
    """
    strings = english_strings(danish, english)
    source, _ = TranslationSource.get_or_create_from_instance(danish)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    # What a translator's tool imports, segment by segment, stored in one go.
    StringTranslation.objects.bulk_create(
        StringTranslation(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=strings[segment.context.path, segment.string.data],
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
        for segment in {
            (segment.context.path, segment.string.data): segment
            for segment in source.stringsegment_set.select_related("string", "context")
        }.values()
    )
    # fallback=False: a segment without English, or a related snippet without a translation, is an error.
    target, _ = source.create_or_update_translation(
        locale, publish=not isinstance(danish, Page), fallback=False
    )
    return target
