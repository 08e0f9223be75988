"""Money is written one way: "1.500,00 kr." in Danish and "DKK 1,500.00" in English."""

from decimal import Decimal

import pytest

from django.template import Context, Template
from django.utils import translation

from core.money import format_amount, format_money


@pytest.mark.parametrize(
    ("amount", "danish", "english"),
    [
        (Decimal("1500"), "1.500,00 kr.", "DKK 1,500.00"),
        (Decimal("695.5"), "695,50 kr.", "DKK 695.50"),
        (Decimal("0"), "0,00 kr.", "DKK 0.00"),
        (Decimal("1234567.891"), "1.234.567,89 kr.", "DKK 1,234,567.89"),
        (Decimal("-375.00"), "-375,00 kr.", "DKK -375.00"),
        (Decimal("0.005"), "0,01 kr.", "DKK 0.01"),  # half an øre rounds up, as bookkeeping does
        ("2400.00", "2.400,00 kr.", "DKK 2,400.00"),
    ],
)
def test_amounts_in_each_language(amount, danish, english):
    assert format_money(amount, "da") == danish
    assert format_money(amount, "en") == english


def test_the_active_language_decides_when_none_is_given():
    with translation.override("en"):
        assert format_money(Decimal("1500")) == "DKK 1,500.00"
    with translation.override("da"):
        assert format_money(Decimal("1500")) == "1.500,00 kr."


def test_the_number_alone_for_columns_that_name_the_currency():
    assert format_amount(Decimal("1500"), "da") == "1.500,00"
    assert format_amount(Decimal("1500"), "en") == "1,500.00"


def test_the_template_filter():
    template = Template('{% load money_tags %}{{ amount|money }} / {{ amount|money:"en" }}|{{ none|money }}|')
    with translation.override("da"):
        assert template.render(Context({"amount": Decimal("1500"), "none": None})) == (
            "1.500,00 kr. / DKK 1,500.00||"
        )
