"""The site-wide template filters: a field in the active language, and money."""

from django import template
from django.utils.html import format_html

from kernel.money import format_money

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """``{{ product|tr:"title" }}``: the field in the active language (see kernel.i18n)."""
    if obj is None:
        return ""
    if hasattr(obj, "tr"):
        return obj.tr(field)
    return getattr(obj, field, "")


@register.filter
def money(value) -> str:
    """``{{ order.total|money }}``: ₹1,24,500 or ₹1,250.50 (kernel.money.format_money)."""
    return format_money(value)


@register.filter
def lang_attr(text) -> str:
    """`` lang="hi"`` on an element whose text fell back to the other language, else ""."""
    lang = getattr(text, "lang", "")
    return format_html(' lang="{}"', lang) if lang else ""
