"""What sorting and filtering a product list mean, for search and the district and craft
pages alike: one table of sorts and one set of filter conditions.

"Newest" is the newest in the shop (``published_at``), "in stock" is stock above zero, and
a verified GI claim is a GI tag confirmed by staff, wherever a shopper meets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OrderBy, Q
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
}

#: The sorts of each kind of list, in the order the sort menu shows them.
LISTING_SORTS = ("featured", "newest", "price_asc", "price_desc")
SEARCH_SORTS = ("relevance", "price_asc", "price_desc", "newest")


def sort_choices(keys: tuple[str, ...]) -> list[tuple[str, Promise]]:
    return [(key, SORTS[key].label) for key in keys]
