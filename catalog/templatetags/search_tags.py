"""Template helpers for the search pages."""

from decimal import Decimal

from django import template
from django.http import QueryDict

from odop_market.formats import group_indian

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """``{{ district|tr:"name" }}``: the field in the active language, English fallback."""
    return obj.tr(field) if obj is not None else ""


@register.simple_tag
def search_url(params: str, **changes) -> str:
    """The current search's query string with some parameters replaced (``page=2``)."""
    query = QueryDict(params, mutable=True)
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()


@register.filter
def rupees(amount) -> str:
    """Indian digit grouping in both languages: 1,25,000 or 1,250.50 (no paise if zero)."""
    if amount is None:
        return ""
    whole, _, paise = f"{Decimal(amount):.2f}".partition(".")
    text = group_indian(whole)
    return text if paise == "00" else f"{text}.{paise}"
