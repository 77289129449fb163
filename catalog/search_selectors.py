"""Read side of search: one function per thing the search pages show."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import get_language

from catalog import search, search_fallback
from catalog.models import Product
from catalog.search_facets import (
    Facets,
    Filters,
    apply_filters,
    build_facets,
    known_filters,
    load_groups,
)
from catalog.sorting import apply_sort
from districts.models import Craft, District, ODOPProduct
from sellers.models import SellerProfile

PER_PAGE = 24
ENTITY_LIMIT = 4
SUGGEST_LIMIT = 8
SUGGEST_CACHE_SECONDS = 600
#: Looser, for "Did you mean …" when nothing matched.
DID_YOU_MEAN_THRESHOLD = 0.3


@dataclass
class SearchPage:
    query: search.ParsedQuery
    filters: Filters
    facets: Facets | None = None
    products: list[Product] = field(default_factory=list)
    #: The page of results shown (a Page over the result count, for the pagination partial).
    page_obj: Page | None = None
    districts: list[District] = field(default_factory=list)
    crafts: list[Craft] = field(default_factory=list)
    artisans: list[SellerProfile] = field(default_factory=list)
    did_you_mean: list[District | Craft] = field(default_factory=list)
    #: Set when the products shown are the fallback's (close words), not exact matches.
    widened: search_fallback.Widened | None = None

    @property
    def total(self) -> int:
        return self.facets.total if self.facets else 0

    @property
    def is_blank(self) -> bool:
        """Nothing to search for: no words and no filter."""
        return self.query.is_empty and not self.filters.is_active


#: What a result card shows; everything else (descriptions, stories, the search vector,
#: KYC columns) stays in the database.
CARD_FIELDS = (
    "slug", "title", "title_hi", "price", "stock", "fulfilment", "gi_tag_id", "gi_verified",
    "published_at", "district__slug", "district__name", "district__name_hi", "craft__slug",
    "craft__name", "craft__name_hi", "seller__slug", "seller__display_name",
    "seller__display_name_hi", "seller__status", "rating_count", "rating_sum",
)  # fmt: skip


def _entities(parsed: search.ParsedQuery, page: SearchPage, districts, crafts) -> None:
    """Districts, crafts and artisans the query names, shown above the products."""
    # A district is also named by its ODOP products: "chikankari" → Lucknow.
    odop: dict[int, list[str]] = {}
    for district_id, *names in ODOPProduct.objects.filter(is_current=True).values_list(
        "district_id", "name", "name_hi"
    ):
        odop.setdefault(district_id, []).extend(names)
    for district in districts:
        district.odop_names = " ".join(odop.get(district.pk, []))
    fields = ("name", "name_hi", "odop_names")
    page.districts = search.named_in_query(districts, parsed, *fields)[:ENTITY_LIMIT]
    page.crafts = search.named_in_query(crafts, parsed, "name", "name_hi")[:ENTITY_LIMIT]
    artisans = SellerProfile.objects.filter(status=SellerProfile.Status.APPROVED)
    page.artisans = list(
        search.names_containing_terms(artisans, parsed, "display_name", "display_name_hi")
        .only("slug", "display_name", "display_name_hi")
        .order_by("display_name")[:ENTITY_LIMIT]
    )


def did_you_mean(parsed: search.ParsedQuery) -> list[District | Craft]:
    """Closest district and craft names to a query that found nothing."""
    if parsed.is_empty or not search.uses_postgres():
        return []
    found: list[District | Craft] = []
    for model in (District, Craft):
        found += list(
            search.closest_names(model.objects.all(), parsed, threshold=DID_YOU_MEAN_THRESHOLD)[:3]
        )
    return sorted(found, key=lambda obj: -obj.similarity)[:5]


def run_search(raw_query: str | None, params: QueryDict) -> SearchPage:
    """Everything the search page shows, in a fixed number of queries."""
    parsed = search.parse(raw_query)
    filters = Filters.from_query(params)
    page = SearchPage(query=parsed, filters=filters)
    if page.is_blank:
        return page
    matching = search.match_products(Product.objects.live(), parsed)
    names = ("slug", "name", "name_hi")
    districts, crafts = list(District.objects.only(*names)), list(Craft.objects.only(*names))
    groups = load_groups(matching, districts, crafts)
    matching, groups, page.widened = search_fallback.widen_if_few(
        parsed,
        Product.objects.live(),
        matching,
        groups,
        lambda qs: load_groups(qs, districts, crafts),
    )
    filters = page.filters = known_filters(groups, filters)
    page.facets = build_facets(groups, filters)
    page.page_obj = Paginator(range(page.total), PER_PAGE).get_page(params.get("page"))
    if not parsed.is_empty:
        _entities(parsed, page, districts, crafts)
    if page.total:
        sort = "newest" if parsed.is_empty and filters.sort == "relevance" else filters.sort
        start = page.page_obj.start_index() - 1
        page.products = list(
            apply_sort(apply_filters(matching, filters).for_listing().only(*CARD_FIELDS), sort)[
                start : start + PER_PAGE
            ]
        )
    elif not (page.districts or page.crafts):
        page.did_you_mean = did_you_mean(parsed)
    return page


def _suggest_rows(parsed: search.ParsedQuery, text: str) -> list[dict[str, str]]:
    results: list[dict[str, str]] = []
    for model in (District, Craft):
        prefix = Q(name__istartswith=text) | Q(name_hi__istartswith=text)
        prefix |= Q(name__icontains=f" {text}") | Q(name_hi__icontains=f" {text}")
        rows: QuerySet = model.objects.filter(prefix).order_by("name")[:SUGGEST_LIMIT]
        if not rows and len(text) >= 3 and search.uses_postgres():
            rows = search.closest_names(model.objects.all(), parsed, threshold=0.5)[:SUGGEST_LIMIT]
        results += [{"label": obj.tr("name"), "url": obj.get_absolute_url()} for obj in rows]
    return results[:SUGGEST_LIMIT]


def suggest(raw_query: str | None) -> list[dict[str, str]]:
    """Up to 8 districts and crafts whose name starts with what was typed, cached."""
    parsed = search.parse(raw_query, correct=False)
    text = parsed.text.lower()[:60]
    if len(text) < 2 or parsed.is_empty:
        return []
    digest = hashlib.sha1(text.encode()).hexdigest()
    key = f"search:suggest:{get_language()}:{digest}"
    results = cache.get(key)
    if results is None:
        results = _suggest_rows(parsed, text)
        cache.set(key, results, SUGGEST_CACHE_SECONDS)
    return results
