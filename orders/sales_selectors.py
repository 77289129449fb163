"""Sales figures for the ODOP cell's dashboard, read from the rollup tables only.

Every function takes a day range (both ends included) and, optionally, the districts to
look at (None: all of them). None of them reads the orders tables except
``recent_district_suborders``, which reads one district's latest few through an index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from orders.models import DistrictDaySales, ProductDaySales, SubOrder

ZERO = Decimal("0.00")


@dataclass
class Sales:
    """Summed sales of some districts over some days."""

    orders: int = 0
    suborders: int = 0
    cancelled_suborders: int = 0
    returned_suborders: int = 0
    units: int = 0
    gross_sales: Decimal = field(default_factory=lambda: ZERO)

    @property
    def average_order_value(self) -> Decimal | None:
        if not self.orders:
            return None
        return (self.gross_sales / self.orders).quantize(Decimal("0.01"))

    @property
    def cancellation_rate(self) -> Decimal | None:
        """Cancelled parts of orders, per cent of all parts."""
        if not self.suborders:
            return None
        return (Decimal(100) * self.cancelled_suborders / self.suborders).quantize(Decimal("0.1"))

    @property
    def return_rate(self) -> Decimal | None:
        """Parts of orders with a return accepted, per cent of all parts."""
        if not self.suborders:
            return None
        return (Decimal(100) * self.returned_suborders / self.suborders).quantize(Decimal("0.1"))

    def __add__(self, other: Sales) -> Sales:
        return Sales(
            orders=self.orders + other.orders,
            suborders=self.suborders + other.suborders,
            cancelled_suborders=self.cancelled_suborders + other.cancelled_suborders,
            returned_suborders=self.returned_suborders + other.returned_suborders,
            units=self.units + other.units,
            gross_sales=self.gross_sales + other.gross_sales,
        )


_SUMS = {
    "orders": Sum("orders"),
    "suborders": Sum("suborders"),
    "cancelled_suborders": Sum("cancelled_suborders"),
    "returned_suborders": Sum("returned_suborders"),
    "units": Sum("units"),
    "gross_sales": Sum("gross_sales"),
}


def sales_version() -> str:
    """Changes whenever a rollup row is written: a cache key for figures built from them."""
    latest = DistrictDaySales.objects.aggregate(latest=Max("refreshed_at"))["latest"]
    return latest.isoformat() if latest else "none"


def _days(first: date, last: date, district_ids) -> Q:
    q = Q(day__gte=first, day__lte=last)
    if district_ids is not None:
        q &= Q(district_id__in=list(district_ids))
    return q


def _sales(row: dict) -> Sales:
    return Sales(**{key: row.get(key) or (ZERO if key == "gross_sales" else 0) for key in _SUMS})


def sales_by_district(first: date, last: date, district_ids=None) -> dict[int, Sales]:
    """{district id: its sales} for the districts that sold anything in the days."""
    rows = (
        DistrictDaySales.objects.filter(_days(first, last, district_ids))
        .values("district_id")
        .annotate(**_SUMS)
        .order_by()
    )
    return {row["district_id"]: _sales(row) for row in rows}


def monthly_sales(first: date, last: date, district_ids=None) -> list[tuple[date, Sales]]:
    """(first day of the month, sales) for each month with sales, oldest first."""
    rows = (
        DistrictDaySales.objects.filter(_days(first, last, district_ids))
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**_SUMS)
        .order_by("month")
    )
    return [(row["month"], _sales(row)) for row in rows]


@dataclass
class TopSeller:
    key: int | None
    title: str
    title_hi: str
    units: int
    gross_sales: Decimal
    seller_id: int | None = None


def top_products(first: date, last: date, district_ids=None, limit: int = 10) -> list[TopSeller]:
    """The products that sold most by value, with their latest title (a second small query:
    aggregating the titles with the sums would double the cost over long periods)."""
    rows = list(
        ProductDaySales.objects.filter(_days(first, last, district_ids))
        .values("product_id", "seller_id")
        .annotate(units=Sum("units"), gross=Sum("gross_sales"))
        .order_by("-gross", "product_id")[:limit]
    )
    titles: dict[int | None, tuple[str, str]] = {}
    for product_id, title, title_hi in (
        ProductDaySales.objects.filter(_days(first, last, district_ids))
        .filter(product_id__in=[r["product_id"] for r in rows if r["product_id"]])
        .order_by("product_id", "-day")
        .values_list("product_id", "title", "title_hi")
    ):
        titles.setdefault(product_id, (title, title_hi))
    return [
        TopSeller(
            key=r["product_id"],
            title=titles.get(r["product_id"], ("", ""))[0],
            title_hi=titles.get(r["product_id"], ("", ""))[1],
            units=r["units"],
            gross_sales=r["gross"],
            seller_id=r["seller_id"],
        )
        for r in rows
    ]


def top_sellers(first: date, last: date, district_ids=None, limit: int = 10) -> list[dict]:
    """[{"seller_id", "units", "gross"}] of the artisans who sold most, by value."""
    return list(
        ProductDaySales.objects.filter(_days(first, last, district_ids))
        .values("seller_id")
        .annotate(units=Sum("units"), gross=Sum("gross_sales"))
        .order_by("-gross", "seller_id")[:limit]
    )


def recent_district_suborders(district_id: int, limit: int = 20) -> QuerySet[SubOrder]:
    """The latest parts of orders from a district's artisans, for the district's officer."""
    return (
        SubOrder.objects.filter(seller__district_id=district_id)
        .select_related("order", "seller")
        .only(
            "pk", "status", "total", "created_at", "order__number", "order__placed_at",
            "seller__display_name", "seller__display_name_hi",
        )
        .order_by("-order__placed_at", "-pk")[:limit]
    )  # fmt: skip


def sellers_with_a_sale(seller_ids, *, from_rollups: bool = False) -> set[int]:
    """Of the given artisans, those with at least one sub-order that was not cancelled.

    The ODOP cell's dashboard reads the daily rollups instead (``from_rollups``), like all
    its sales figures: the same answer, minutes later, without touching the orders.
    """
    ids = [pk for pk in seller_ids if pk is not None]
    if not ids:
        return set()
    if from_rollups:
        sold = ProductDaySales.objects.filter(seller_id__in=ids, units__gt=0)
    else:
        sold = SubOrder.objects.filter(seller_id__in=ids).exclude(status=SubOrder.Status.CANCELLED)
    return set(sold.values_list("seller_id", flat=True).distinct())
