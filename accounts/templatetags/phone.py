"""``{{ number|indian_mobile }}``: a mobile number shown as "+91 98765 43210"."""

from django import template

from accounts.phone import format_indian_mobile

register = template.Library()


@register.filter
def indian_mobile(value: str | None) -> str:
    return format_indian_mobile(value)
