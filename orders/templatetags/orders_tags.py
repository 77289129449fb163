"""Template helpers for order pages."""

from decimal import Decimal

from django import template
from django.conf import settings

register = template.Library()


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
