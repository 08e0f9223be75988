"""How a price is told to the visitor: the amount in the one notation (core.money), and whether it
includes 25 % VAT or is exempt from VAT and why, in the visitor's language.

Prices are entered including any VAT (the partner API says so too). A price option carries its
VAT treatment and, when exempt, the legal reason; accommodation has a VAT treatment of its own on
the event, 25 % by default (momsloven taxes overnight stays; only teaching is exempt).
"""

from django.utils.translation import gettext as _

from core.money import format_money
from events.blocks import VAT_EXEMPT_TEACHING
from events.vocabulary import VatRate


def exemption_reason(reason: str) -> str:
    """The reason for an exemption in the active language. The default reason (teaching) has its
    translation here; a reason an editor wrote is shown as written on the page in that language."""
    if reason.strip() == VAT_EXEMPT_TEACHING:
        return _("teaching is exempt from VAT under the Danish VAT Act, § 13(1)(3)")
    return reason.strip()


def vat_statement(vat: str, reason: str = "") -> str:
    """E.g. "incl. 25 % VAT", or "exempt from VAT: teaching is exempt … § 13(1)(3)"."""
    if vat == VatRate.STANDARD:
        return _("incl. 25 % VAT")
    explained = exemption_reason(reason)
    return _("exempt from VAT: %(reason)s") % {"reason": explained} if explained else _("exempt from VAT")


def price_text(amount, vat: str, reason: str = "") -> str:
    """E.g. "1.500,00 kr. (exempt from VAT: …)" or "DKK 695.00 (incl. 25 % VAT)"."""
    return f"{format_money(amount)} ({vat_statement(vat, reason)})"


def option_text(option) -> str:
    """A price option block's amount and VAT, in the active language."""
    value = option.value
    return price_text(value["amount"], value["vat"], value.get("vat_exempt_reason") or "")
