"""schema.org data as a JSON-LD <script> element, safe whatever text the data holds."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Characters that could end the <script> element or open a comment or entity inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> SafeString:
    """The whole <script type="application/ld+json"> element; no text in the data can end it early."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    # Safe to mark: JSON escapes quotes, and "<", ">" and "&" are gone after the translation above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
