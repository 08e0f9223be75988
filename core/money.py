"""Money written one way everywhere: "1.500,00 kr." in Danish, "DKK 1,500.00" in English.

Pages, e-mails, PDFs and exports all call `format_money` (templates through the `money` filter in
core/templatetags/money_tags.py), so an amount never appears in two notations. The notation is
written out here rather than taken from Django's number formatting, which changes with the
USE_THOUSAND_SEPARATOR setting and would group "1500" differently on different pages.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation

CENT = Decimal("0.01")
# Thousands separators only where they group three digits, so "1500.00" read the Danish way is
# refused rather than taken for 150.000.
DANISH_AMOUNT = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?")
ENGLISH_AMOUNT = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?")


def to_cents(amount) -> Decimal:
    """An amount rounded to øre the way Danish bookkeeping rounds: half away from zero."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(amount, language: str | None = None) -> str:
    """The number alone, grouped, with two decimals: "1.500,00" (da) or "1,500.00" (en)."""
    english = f"{abs(to_cents(amount)):,.2f}"
    if _is_english(language):
        number = english
    else:
        number = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{number}" if to_cents(amount) < 0 else number


def format_money(amount, language: str | None = None) -> str:
    """An amount in Danish kroner for people to read, in `language` (the active language by default)."""
    if _is_english(language):
        return f"DKK {format_amount(amount, 'en')}"
    return f"{format_amount(amount, 'da')} kr."


def parse_amount(text: str, language: str | None = None) -> Decimal:
    """An amount typed or exported in `language`'s notation ("1.500,00" or "1500,00" in Danish,
    "1,500.00" or "1500.00" in English), to øre; InvalidOperation when it is not one."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    english = _is_english(language)
    if not (ENGLISH_AMOUNT if english else DANISH_AMOUNT).fullmatch(cleaned):
        raise InvalidOperation(text)
    grouping, decimal = (",", ".") if english else (".", ",")
    return to_cents(Decimal(cleaned.replace(grouping, "").replace(decimal, ".")))


def _is_english(language: str | None) -> bool:
    # Danish is the site's default: any language without its own notation reads amounts the Danish way.
    return (language or translation.get_language() or "da").split("-")[0] == "en"
