"""The VAT split against the e-invoice rules: for every total, the VAT worked out from the gross sum
is within 0.01 of taxable amount × rate (BR-CO-17), the lines' net amounts add up to the taxable
amount (BR-S-08, BR-CO-10) and none is negative (BR-27), and the total is the price shown."""

import itertools
from decimal import Decimal

from billing.services.invoicing import Charge, split_vat
from core.money import to_cents

RATE = Decimal("25")
CENT = Decimal("0.01")


def check(charges: list[Charge]):
    nets, breakdown = split_vat(charges)
    for group in breakdown:
        expected = to_cents(group.taxable_amount * group.rate / 100)
        assert abs(group.vat_amount - expected) <= CENT, (charges, group)
    assert sum(group.taxable_amount + group.vat_amount for group in breakdown) == sum(
        charge.gross_amount for charge in charges
    )
    assert sum(nets) == sum(group.taxable_amount for group in breakdown)
    assert all(net >= 0 for net in nets), nets


def test_every_total_up_to_a_thousand_kroner():
    for cents in range(1, 100_001):
        check([Charge("seat", Decimal(cents) / 100, RATE)])


def test_the_totals_where_no_exact_split_exists():
    """Ending in 2 or 7 øre: VAT from the gross and VAT from the taxable amount differ by 0.01."""
    nets, (group,) = split_vat([Charge("seat", Decimal("199.97"), RATE)])
    assert (group.taxable_amount, group.vat_amount) == (Decimal("159.98"), Decimal("39.99"))
    assert to_cents(group.taxable_amount * RATE / 100) == Decimal("40.00")


def test_several_lines_of_awkward_amounts():
    awkward = [Decimal(amount) for amount in ("0.01", "0.02", "0.03", "0.07", "1.02", "199.97", "695.00")]
    for size in (2, 3):
        for amounts in itertools.product(awkward, repeat=size):
            check([Charge(f"line {n}", amount, RATE) for n, amount in enumerate(amounts)])


def test_mixed_exempt_and_standard_lines():
    check(
        [
            Charge("seat", Decimal("1500.00"), Decimal("0"), "teaching"),
            Charge("night", Decimal("695.02"), RATE),
            Charge("seat", Decimal("1005.00"), Decimal("0"), "teaching"),
            Charge("night", Decimal("465.65"), RATE),
        ]
    )
