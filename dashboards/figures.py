"""The dashboard's figures, put together from the selectors of orders, sellers, catalog and
districts: sales from the rollups, artisans and listings from small grouped counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.core.cache import cache

from catalog.selectors import live_listing_counts
from dashboards.periods import Period
from districts.models import District
from districts.selectors import districts_in
from kernel.i18n import TranslatedMixin
from orders.sales_selectors import Sales, sales_by_district, sales_version, sellers_with_a_sale
from sellers.models import SellerProfile
from sellers.selectors import (
    ATTENDEE_STATUSES,
    artisans_by_status,
    new_artisans,
    with_statuses,
    workshop_attendance,
    workshops_per,
)

#: Artisan and listing counts change slowly; a few minutes' delay is fine for a dashboard.
COUNTS_SECONDS = 300
STATUSES = [status for status, _label in SellerProfile.Status.choices]


def growth(now, before) -> Decimal | None:
    """Per cent change from ``before`` to ``now``; None when there was nothing before."""
    if not before:
        return None
    return (Decimal(100) * (Decimal(now) - Decimal(before)) / Decimal(before)).quantize(
        Decimal("0.1")
    )


@dataclass
class Figures(TranslatedMixin):
    """One district's (or division's, or the state's) figures for a period."""

    name: str
    name_hi: str = ""
    district: District | None = None
    division: str = ""
    division_hi: str = ""
    sales: Sales = field(default_factory=Sales)
    previous: Sales = field(default_factory=Sales)
    last_year: Sales = field(default_factory=Sales)
    artisans: dict[str, int] = field(default_factory=dict)
    new_artisans: int = 0
    live_listings: int = 0

    @property
    def growth_previous(self) -> Decimal | None:
        return growth(self.sales.gross_sales, self.previous.gross_sales)

    @property
    def growth_last_year(self) -> Decimal | None:
        return growth(self.sales.gross_sales, self.last_year.gross_sales)

    @property
    def orders_growth_previous(self) -> Decimal | None:
        return growth(self.sales.orders, self.previous.orders)

    @property
    def orders_growth_last_year(self) -> Decimal | None:
        return growth(self.sales.orders, self.last_year.orders)

    def artisans_in(self, status: str) -> int:
        return self.artisans.get(status, 0)

    def absorb(self, other: Figures) -> None:
        self.sales += other.sales
        self.previous += other.previous
        self.last_year += other.last_year
        for status, count in other.artisans.items():
            self.artisans[status] = self.artisans.get(status, 0) + count
        self.new_artisans += other.new_artisans
        self.live_listings += other.live_listings


#: Figures built from the rollups are kept until the rollups change (or this long).
FIGURES_SECONDS = 600


def cached(name: str, scope_ids, period: Period, build):
    """``build()`` kept per page, scope, period and rollup version: a dashboard opened again
    (or by a colleague) reads one cache entry instead of aggregating again."""
    scope = "all" if scope_ids is None else ",".join(map(str, sorted(scope_ids)))
    raw = f"{name}|{scope}|{period.first}|{period.last}|{sales_version()}"
    key = "dashboard:figures:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FIGURES_SECONDS)
    return value


def _counts(scope_ids) -> tuple[dict, dict]:
    key = "dashboard:counts:" + (
        "all" if scope_ids is None else ",".join(map(str, sorted(scope_ids)))
    )
    counts = cache.get(key)
    if counts is None:
        counts = (artisans_by_status(scope_ids), live_listing_counts(scope_ids))
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def district_figures(period: Period, scope_ids=None) -> list[Figures]:
    """Every district in scope (those without sales too), by division and name."""
    districts = districts_in(scope_ids)
    now = sales_by_district(period.first, period.last, scope_ids)
    prev_period, year_period = period.previous(), period.last_year()
    before = sales_by_district(prev_period.first, prev_period.last, scope_ids)
    year = sales_by_district(year_period.first, year_period.last, scope_ids)
    artisans, listings = _counts(scope_ids)
    joined = new_artisans(*period.bounds(), scope_ids)
    return [
        Figures(
            name=d.name,
            name_hi=d.name_hi,
            district=d,
            division=d.division,
            division_hi=d.division_hi,
            sales=now.get(d.pk, Sales()),
            previous=before.get(d.pk, Sales()),
            last_year=year.get(d.pk, Sales()),
            artisans=dict(artisans.get(d.pk, {})),
            new_artisans=joined.get(d.pk, 0),
            live_listings=listings.get(d.pk, 0),
        )
        for d in districts
    ]


def ranked(rows: list[Figures]) -> list[Figures]:
    """By gross sales value, then orders, then name: the state-wide ranking."""
    return sorted(rows, key=lambda r: (-r.sales.gross_sales, -r.sales.orders, r.name))


def division_figures(rows: list[Figures]) -> list[Figures]:
    divisions = []
    for division, members in groupby(sorted(rows, key=lambda r: r.division), lambda r: r.division):
        members = list(members)
        total = Figures(name=division, name_hi=members[0].division_hi)
        for member in members:
            total.absorb(member)
        divisions.append(total)
    return divisions


def total_figures(rows: list[Figures], name: str, name_hi: str = "") -> Figures:
    total = Figures(name=name, name_hi=name_hi)
    for row in rows:
        total.absorb(row)
    return total


@dataclass
class WorkshopFigures:
    """Workshops held and where their attendees are on the way to selling."""

    workshops: int = 0
    attendees: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTENDEE_STATUSES, 0))


def workshop_figures(district_ids=None, *, by: str = "district_id") -> dict[int, WorkshopFigures]:
    """{district id (or workshop id, with ``by="workshop_id"``): figures}, in three queries:
    attendees with their artisan's status, artisans with a sale (from the rollups), workshops
    per district."""
    attendees = list(workshop_attendance(district_ids))
    sold = sellers_with_a_sale({a.profile_id for a in attendees}, from_rollups=True)
    rows = with_statuses(attendees, sold)
    result: dict[int, WorkshopFigures] = {}
    for attendee in rows:
        figures = result.setdefault(getattr(attendee, by), WorkshopFigures())
        figures.attendees += 1
        figures.statuses[attendee.status] += 1
    for key, count in workshops_per(district_ids, by=by).items():
        result.setdefault(key, WorkshopFigures()).workshops = count
    return result
