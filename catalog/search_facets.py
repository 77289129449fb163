"""Facets of a search: filters read from the URL and their counts, in one grouped query.

The counts of each facet are those of the products matching the query and every *other*
selected facet (the usual faceted-search rule), so a shopper can widen a facet as well as
narrow it. All of them come from one GROUP BY over the matching products: each group is a
(district, craft, price band, in stock, GI verified) combination with its count, and
Python sums the groups for each facet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from catalog.sorting import IN_STOCK, SEARCH_SORTS, VERIFIED_GI, price_range

#: (URL key, label, lower bound inclusive, upper bound exclusive) in rupees.
PRICE_BANDS: tuple[tuple[str, object, Decimal | None, Decimal | None], ...] = (
    ("under-500", _("Under ₹500"), None, Decimal("500")),
    ("500-1000", _("₹500 – ₹1,000"), Decimal("500"), Decimal("1000")),
    ("1000-2500", _("₹1,000 – ₹2,500"), Decimal("1000"), Decimal("2500")),
    ("2500-5000", _("₹2,500 – ₹5,000"), Decimal("2500"), Decimal("5000")),
    ("over-5000", _("Over ₹5,000"), Decimal("5000"), None),
)
PRICE_BAND_KEYS = [band[0] for band in PRICE_BANDS]

_SLUG = re.compile(r"^[-a-z0-9_]{1,80}$")
MAX_VALUES = 20


def _band_case() -> Case:
    whens = [
        When(price_range(low=low, high=high, below=True), then=Value(index))
        for index, (_key, _label, low, high) in enumerate(PRICE_BANDS)
    ]
    return Case(*whens, default=Value(len(PRICE_BANDS) - 1), output_field=IntegerField())


def _stocked_case() -> Case:
    return Case(
        When(IN_STOCK, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _gi_case() -> Case:
    return Case(
        When(VERIFIED_GI, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


@dataclass
class Filters:
    """What the URL asked for, cleaned: unknown values are dropped, never an error."""

    districts: list[str] = field(default_factory=list)
    crafts: list[str] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)
    in_stock: bool = False
    gi: bool = False
    sort: str = "relevance"

    @classmethod
    def from_query(cls, params: QueryDict) -> Filters:
        def slugs(key: str) -> list[str]:
            values = [v.strip().lower() for v in params.getlist(key)[:MAX_VALUES]]
            return list(dict.fromkeys(v for v in values if _SLUG.match(v)))

        sort = params.get("sort", "relevance")
        return cls(
            districts=slugs("district"),
            crafts=slugs("craft"),
            bands=[b for b in slugs("price") if b in PRICE_BAND_KEYS],
            in_stock=params.get("in_stock") == "1",
            gi=params.get("gi") == "1",
            sort=sort if sort in SEARCH_SORTS else "relevance",
        )

    @property
    def is_active(self) -> bool:
        return bool(self.districts or self.crafts or self.bands or self.in_stock or self.gi)


@dataclass
class Group:
    district: str
    district_label: str
    craft: str
    craft_label: str
    band: str
    stocked: bool
    gi: bool
    count: int

    def passes(self, filters: Filters, skip: str = "") -> bool:
        return (
            (skip == "district" or not filters.districts or self.district in filters.districts)
            and (skip == "craft" or not filters.crafts or self.craft in filters.crafts)
            and (skip == "price" or not filters.bands or self.band in filters.bands)
            and (skip == "in_stock" or not filters.in_stock or self.stocked)
            and (skip == "gi" or not filters.gi or self.gi)
        )


def load_groups(matching: QuerySet, districts: list, crafts: list) -> list[Group]:
    """One query: the matching products counted per facet combination.

    Grouped by ids, without joins; ``districts`` and ``crafts`` (all of them, already
    loaded by the caller) give the slugs and names.
    """
    district_by_id = {d.pk: d for d in districts}
    craft_by_id = {c.pk: c for c in crafts}
    rows = (
        matching.order_by()
        .annotate(band=_band_case(), stocked=_stocked_case(), gi=_gi_case())
        .values_list("district_id", "craft_id", "band", "stocked", "gi")
        .annotate(n=Count("pk"))
    )
    groups = []
    for district_id, craft_id, band, stocked, gi, n in rows:
        district, craft = district_by_id[district_id], craft_by_id[craft_id]
        groups.append(
            Group(
                district=district.slug,
                district_label=district.tr("name"),
                craft=craft.slug,
                craft_label=craft.tr("name"),
                band=PRICE_BAND_KEYS[band],
                stocked=stocked,
                gi=gi,
                count=n,
            )
        )
    return groups


@dataclass
class FacetOption:
    value: str
    label: object
    count: int
    selected: bool


@dataclass
class Facets:
    districts: list[FacetOption]
    crafts: list[FacetOption]
    bands: list[FacetOption]
    in_stock: FacetOption
    gi: FacetOption
    total: int


def _options(groups, filters, skip, key, label_key, selected) -> list[FacetOption]:
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for group in groups:
        if group.passes(filters, skip=skip):
            value = getattr(group, key)
            counts[value] = counts.get(value, 0) + group.count
            labels[value] = getattr(group, label_key)
    options = [FacetOption(v, labels[v], n, v in selected) for v, n in counts.items()]
    return sorted(options, key=lambda o: (-o.count, str(o.label)))


def build_facets(groups: list[Group], filters: Filters) -> Facets:
    """Facet options with counts, and the number of products passing every filter."""
    band_counts = dict.fromkeys(PRICE_BAND_KEYS, 0)
    for group in groups:
        if group.passes(filters, skip="price"):
            band_counts[group.band] += group.count
    bands = [
        FacetOption(key, label, band_counts[key], key in filters.bands)
        for key, label, _low, _high in PRICE_BANDS
        if band_counts[key] or key in filters.bands
    ]

    def flag(skip: str, attr: str, selected: bool, label: object) -> FacetOption:
        n = sum(g.count for g in groups if g.passes(filters, skip=skip) and getattr(g, attr))
        return FacetOption("1", label, n, selected)

    return Facets(
        districts=_options(
            groups, filters, "district", "district", "district_label", filters.districts
        ),
        crafts=_options(groups, filters, "craft", "craft", "craft_label", filters.crafts),
        bands=bands,
        in_stock=flag("in_stock", "stocked", filters.in_stock, _("In stock")),
        gi=flag("gi", "gi", filters.gi, _("GI-tagged (verified)")),
        total=sum(g.count for g in groups if g.passes(filters)),
    )


def known_filters(groups: list[Group], filters: Filters) -> Filters:
    """``filters`` without values that match nothing in this search (unknown slugs)."""
    districts = {g.district for g in groups}
    crafts = {g.craft for g in groups}
    return Filters(
        districts=[d for d in filters.districts if d in districts],
        crafts=[c for c in filters.crafts if c in crafts],
        bands=filters.bands,
        in_stock=filters.in_stock,
        gi=filters.gi,
        sort=filters.sort,
    )


def apply_filters(matching: QuerySet, filters: Filters) -> QuerySet:
    qs = matching
    if filters.districts:
        qs = qs.filter(district__slug__in=filters.districts)
    if filters.crafts:
        qs = qs.filter(craft__slug__in=filters.crafts)
    if filters.bands:
        band_q = Q()
        for key, _label, low, high in PRICE_BANDS:
            if key in filters.bands:
                band_q |= price_range(low=low, high=high, below=True)
        qs = qs.filter(band_q)
    if filters.in_stock:
        qs = qs.filter(IN_STOCK)
    if filters.gi:
        qs = qs.filter(VERIFIED_GI)
    return qs
