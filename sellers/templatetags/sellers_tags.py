"""Template helpers for the seller pages."""

from django import template

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """``{{ district|tr:"name" }}``: the field in the active language, English as fallback."""
    if obj is None:
        return ""
    return obj.tr(field)
