"""The one money format: whole rupees without paise, Indian digit grouping, everywhere."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from kernel.money import format_money, group_indian


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1250"), "₹1,250"),
        (Decimal("1250.50"), "₹1,250.50"),
        (Decimal("124500"), "₹1,24,500"),
        (Decimal("12345678.9"), "₹1,23,45,678.90"),
        (Decimal("999.999"), "₹1,000"),
        (Decimal("0.5"), "₹0.50"),
        (Decimal("0"), "₹0"),
        (Decimal("-2500"), "-₹2,500"),
        ("450", "₹450"),
        (60, "₹60"),
        (None, ""),
        ("", ""),
        ("not a number", ""),
        (Decimal("NaN"), ""),
        (Decimal("Infinity"), ""),
    ],
)
def test_format_money_shows_paise_only_when_there_are_some(value, expected):
    assert format_money(value) == expected


def test_format_money_can_leave_out_the_rupee_sign():
    assert format_money(Decimal("124500.25"), symbol=False) == "1,24,500.25"


def test_the_money_filter_formats_like_the_function_in_both_languages():
    template = Template("{% load kernel %}{{ amount|money }}")
    assert template.render(Context({"amount": Decimal("125000.50")})) == "₹1,25,000.50"
    with_hindi = Template(
        "{% load i18n kernel %}{% language 'hi' %}{{ amount|money }}{% endlanguage %}"
    )
    assert with_hindi.render(Context({"amount": Decimal("125000")})) == "₹1,25,000"


def test_group_indian_leaves_short_numbers_alone():
    assert group_indian("999") == "999"
    assert group_indian("1000") == "1,000"
    assert group_indian("100000") == "1,00,000"
