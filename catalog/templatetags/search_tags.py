"""Template helpers for the search pages."""

from decimal import Decimal

from django import template
from django.http import QueryDict

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
    head, tail = whole[:-3], whole[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    text = ",".join([*groups, tail])
    return text if paise == "00" else f"{text}.{paise}"
