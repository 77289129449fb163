from decimal import Decimal

import pytest

from catalog.templatetags.catalog_tags import inr
from odop_market.formats import group_indian


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("124500"), "₹1,24,500.00"),
        (Decimal("1.5"), "₹1.50"),
        (Decimal("999.999"), "₹1,000.00"),
        (Decimal("12345678.9"), "₹1,23,45,678.90"),
        (Decimal("-2500"), "-₹2,500.00"),
        ("450", "₹450.00"),
        (None, ""),
        ("not a number", ""),
    ],
)
def test_inr_uses_indian_digit_grouping(value, expected):
    assert inr(value) == expected


def test_group_indian_leaves_short_numbers_alone():
    assert group_indian("999") == "999"
    assert group_indian("1000") == "1,000"
    assert group_indian("100000") == "1,00,000"
