"""StreamField blocks of the events app: price options and the programme."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from events.vocabulary import VatRate

VAT_EXEMPT_TEACHING = "Momsfritaget undervisning, momsloven § 13, stk. 1, nr. 3"


class PriceOptionBlock(blocks.StructBlock):
    """One way to pay for a seat. Its block id identifies it in registrations across languages."""

    label = blocks.CharBlock(
        label=_("Name"), max_length=80, help_text=_("E.g. Standard, Union member, Student")
    )
    amount = blocks.DecimalBlock(
        label=_("Price in DKK"), min_value=Decimal("0"), max_digits=9, decimal_places=2
    )
    vat = blocks.ChoiceBlock(
        choices=VatRate.choices, default=VatRate.EXEMPT, label=_("VAT"), search_index=False
    )
    vat_exempt_reason = blocks.CharBlock(
        label=_("Reason for VAT exemption"),
        required=False,
        max_length=160,
        default=VAT_EXEMPT_TEACHING,
        help_text=_("Printed on the invoice when the price is exempt from VAT."),
    )

    class Meta:
        icon = "tag"
        label = _("Price option")

    def get_api_representation(self, value, context=None):
        """The amount as a decimal string ("1250.00"), as the listings API gives it: never a float."""
        representation = super().get_api_representation(value, context)
        amount = value.get("amount")
        representation["amount"] = f"{amount:.2f}" if amount is not None else None
        return representation


class ProgrammeItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(label=_("Time"))
    title = blocks.CharBlock(label=_("What happens"), max_length=160)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "time"
        label = _("Programme item")
