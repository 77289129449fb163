"""What sorting and filtering a product list mean, for search and the district and craft
pages alike: one table of sorts and one set of filter conditions.

"Newest" is the newest in the shop (``published_at``), "in stock" is stock above zero, and
a verified GI claim is a GI tag confirmed by staff, wherever a shopper meets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OrderBy,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Shopper-facing filters.
IN_STOCK = Q(stock__gt=0)
VERIFIED_GI = Q(gi_tag__isnull=False, gi_verified=True)


def price_range(*, low: Decimal | None = None, high: Decimal | None = None, below: bool = False):
    """Prices from ``low`` (inclusive) up to ``high``: inclusive, or exclusive with ``below``."""
    condition = Q()
    if low is not None:
        condition &= Q(price__gte=low)
    if high is not None:
        condition &= Q(price__lt=high) if below else Q(price__lte=high)
    return condition


NEWEST_FIRST: tuple[OrderBy | str, ...] = (F("published_at").desc(nulls_last=True), "-pk")


@dataclass(frozen=True)
class Sort:
    label: Promise
    ordering: tuple[OrderBy | str, ...]


#: Every sort a product list offers. "relevance" needs the search's ``rank`` annotation
#: and "featured" the district's ``featured_position`` one (catalog.selectors).
SORTS: dict[str, Sort] = {
    "relevance": Sort(_("Best match"), ("-rank", *NEWEST_FIRST)),
    "featured": Sort(
        _("Featured first"), (F("featured_position").asc(nulls_last=True), *NEWEST_FIRST)
    ),
    "newest": Sort(_("Newest first"), NEWEST_FIRST),
    "price_asc": Sort(_("Price: low to high"), ("price", "pk")),
    "price_desc": Sort(_("Price: high to low"), ("-price", "-pk")),
    # Best rated first: the average (an integer ratio, so no float rounding decides), then
    # how many reviews back it; products without reviews come last.
    "rating": Sort(
        _("Best rated"),
        (
            F("rating_average_sort").desc(nulls_last=True),
            F("rating_count").desc(),
            *NEWEST_FIRST,
        ),
    ),
}

#: The sorts of each kind of list, in the order the sort menu shows them.
LISTING_SORTS = ("featured", "newest", "rating", "price_asc", "price_desc")
SEARCH_SORTS = ("relevance", "rating", "price_asc", "price_desc", "newest")


def rating_average_expression():
    """The average rating as a decimal, NULL without reviews (for the "rating" sort)."""
    return Case(
        When(rating_count=0, then=Value(None)),
        default=ExpressionWrapper(
            Cast(F("rating_sum"), DecimalField(max_digits=12, decimal_places=6))
            / F("rating_count"),
            output_field=DecimalField(max_digits=12, decimal_places=6),
        ),
    )


def apply_sort(queryset, key: str):
    """Order ``queryset`` by the sort ``key``, adding what that sort needs to read."""
    if key == "rating":
        queryset = queryset.alias(rating_average_sort=rating_average_expression())
    return queryset.order_by(*SORTS[key].ordering)


def sort_choices(keys: tuple[str, ...]) -> list[tuple[str, Promise]]:
    return [(key, SORTS[key].label) for key in keys]
