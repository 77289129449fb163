"""Template helpers for the search pages."""

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
