"""Checks of what visitors type, with messages in their language: plain text, CVR and EAN numbers."""

import unicodedata

from stdnum import ean as ean_number
from stdnum.dk import cvr as cvr_number
from stdnum.exceptions import ValidationError as NumberError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def reject_control_characters(value: str) -> None:
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in value):
        raise ValidationError(_("Remove the invisible control characters from this field."), code="control")


def reject_markup(value: str) -> None:
    if "<" in value or ">" in value:
        raise ValidationError(_("Please write plain text without < or >."), code="markup")


def compact_cvr(value: str) -> str:
    """A CVR number as stored: 8 digits, whether it was typed with spaces, hyphens or a DK prefix."""
    try:
        return cvr_number.validate(value)
    except NumberError as error:
        raise ValidationError(
            _("A CVR number has 8 digits and a valid check digit. Please check it."), code="cvr"
        ) from error


def compact_ean(value: str) -> str:
    """An EAN (GLN) location number as stored: 13 digits with a valid GS1 check digit."""
    try:
        number = ean_number.validate(value)
    except NumberError as error:
        number = ""
        cause = error
    else:
        cause = None
    if len(number) != 13:
        raise ValidationError(
            _("An EAN number has 13 digits and a valid check digit. Please check it."), code="ean"
        ) from cause
    return number
