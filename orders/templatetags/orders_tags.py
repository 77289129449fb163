"""Template helpers for order pages."""

from decimal import Decimal

from django import template
from django.conf import settings

from odop_market.formats import group_indian

register = template.Library()


@register.filter
def translated(obj, field: str) -> str:
    """``{{ seller|translated:"display_name" }}``: the field in the active language."""
    if obj is None:
        return ""
    return obj.tr(field)


@register.simple_tag
def free_shipping_threshold() -> Decimal:
    return Decimal(settings.FREE_SHIPPING_THRESHOLD)


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    """The header's item count, kept in the session by the cart views: never a query.

    A visitor without a session cookie has an empty session, which costs no query either.
    """
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return 0
    return request.session.get("cart_count", 0)


@register.filter
def money(value) -> str:
    """Rupees with Indian digit grouping: 125000.5 → '1,25,000.50' (the ₹ is in the template)."""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (TypeError, ValueError, ArithmeticError):
        return ""
    sign = "-" if amount < 0 else ""
    whole, _dot, paise = f"{abs(amount):.2f}".partition(".")
    return f"{sign}{group_indian(whole)}.{paise}"
