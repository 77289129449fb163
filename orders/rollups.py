"""The sales rollups: one row per district and day (DistrictDaySales) and one per product
and day (ProductDaySales), so that the ODOP cell's dashboard reads a few thousand small
rows instead of every order.

Rows are always recomputed from the orders, never incremented: ``refresh_days`` may run
twice, late, or concurrently with itself and still leaves the right figures. Placing or
cancelling an order marks its districts and day stale in its own transaction
(``mark_stale``); a beat task consumes the marks every ``SALES_ROLLUP_SWEEP_SECONDS``
(``refresh_marked``), so the dashboard trails the orders by at most that long. Another beat
task recomputes the last two days of every district (a check on the marks), and
``manage.py rebuild_sales_rollups`` recomputes everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from orders.models import (
    DistrictDaySales,
    Order,
    OrderLine,
    ProductDaySales,
    ReturnRequest,
    SalesRollupMark,
    SubOrder,
)

#: A return counts towards the return rate once it is accepted (on request or on appeal),
#: whatever becomes of it after.
RETURN_COUNTED = (
    ReturnRequest.Status.ACCEPTED,
    ReturnRequest.Status.PICKUP,
    ReturnRequest.Status.RECEIVED,
    ReturnRequest.Status.REFUNDED,
)
#: A transaction-level advisory lock: refreshes of the rollups run one at a time.
ADVISORY_LOCK_KEY = 180_018


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of ``first``, start of the day after ``last``) in India time."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    return start, end


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


@transaction.atomic
def refresh_days(days: Iterable[date], *, district_ids: Iterable[int] | None = None) -> int:
    """Recompute the rollup rows of ``days`` (for ``district_ids``, or every district).

    Two aggregate queries over those days' orders, then one upsert and one delete and
    insert. Returns how many district-day rows now hold sales.
    """
    days = sorted(set(days))
    if not days:
        return 0
    districts = None if district_ids is None else sorted(set(district_ids))
    _lock()
    start, end = day_bounds(days[0], days[-1])
    day_set = set(days)
    sub_filter = Q(order__placed_at__gte=start, order__placed_at__lt=end)
    line_filter = Q(suborder__order__placed_at__gte=start, suborder__order__placed_at__lt=end)
    if districts is not None:
        sub_filter &= Q(seller__district_id__in=districts)
        line_filter &= Q(suborder__seller__district_id__in=districts)
    cancelled = SubOrder.Status.CANCELLED
    accepted_returns = ReturnRequest.objects.filter(
        suborder=OuterRef("pk"), status__in=RETURN_COUNTED
    )
    per_district = (
        SubOrder.objects.filter(sub_filter)
        .annotate(day=TruncDate("order__placed_at"))
        .values("seller__district_id", "day")
        .annotate(
            orders=Count("order_id", distinct=True, filter=~Q(status=cancelled)),
            suborders=Count("pk"),
            cancelled_suborders=Count("pk", filter=Q(status=cancelled)),
            returned_suborders=Count("pk", filter=Q(Exists(accepted_returns))),
        )
    )
    per_product = (
        OrderLine.objects.filter(line_filter)
        .exclude(suborder__status=cancelled)
        .annotate(day=TruncDate("suborder__order__placed_at"))
        .values("suborder__seller__district_id", "day", "suborder__seller_id", "product_id")
        .annotate(
            units=Sum("quantity"),
            gross=Sum("line_total"),
            title=Max("title"),
            title_hi=Max("title_hi"),
        )
    )
    rows: dict[tuple[int, date], DistrictDaySales] = {}
    for r in per_district:
        if r["day"] not in day_set:
            continue
        key = (r["seller__district_id"], r["day"])
        rows[key] = DistrictDaySales(
            district_id=key[0],
            day=key[1],
            orders=r["orders"],
            suborders=r["suborders"],
            cancelled_suborders=r["cancelled_suborders"],
            returned_suborders=r["returned_suborders"],
            units=0,
            gross_sales=Decimal("0.00"),
        )
    products: list[ProductDaySales] = []
    for r in per_product:
        key = (r["suborder__seller__district_id"], r["day"])
        if key not in rows:
            continue
        rows[key].units += r["units"]
        rows[key].gross_sales += r["gross"]
        products.append(
            ProductDaySales(
                district_id=key[0],
                day=key[1],
                seller_id=r["suborder__seller_id"],
                product_id=r["product_id"],
                title=r["title"] or "",
                title_hi=r["title_hi"] or "",
                units=r["units"],
                gross_sales=r["gross"],
            )
        )
    stale = Q(day__in=days)
    if districts is not None:
        stale &= Q(district_id__in=districts)
    # Rows whose sales were all cancelled or moved go; the others are overwritten.
    DistrictDaySales.objects.filter(stale).exclude(_pairs_q(rows.keys())).delete()
    DistrictDaySales.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["district", "day"],
        update_fields=["orders", "suborders", "cancelled_suborders", "returned_suborders",
                       "units", "gross_sales", "refreshed_at"],
        batch_size=1000,
    )  # fmt: skip
    ProductDaySales.objects.filter(stale).delete()
    ProductDaySales.objects.bulk_create(products, batch_size=1000)
    return len(rows)


def _pairs_q(pairs: Iterable[tuple[int, date]]) -> Q:
    """Matches the (district, day) pairs given; matches nothing when there are none."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for district_id, day in pairs:
        by_day[day].append(district_id)
    q = Q(pk__in=[])
    for day, ids in by_day.items():
        q |= Q(day=day, district_id__in=ids)
    return q


def order_days(order: Order) -> tuple[date, list[int]]:
    """The day an order counts on and the districts of its artisans."""
    day = timezone.localdate(order.placed_at)
    districts = order.suborders.values_list("seller__district_id", flat=True).distinct()
    return day, sorted(districts)


def mark_stale(*, day: date, district_ids: Iterable[int]) -> None:
    """Mark these rows for the next sweep, in the caller's transaction (one INSERT).

    A checkout pays for one small insert, not for a refresh: at a hundred orders a second
    the sweep coalesces them into one refresh per district and day.
    """
    SalesRollupMark.objects.bulk_create(
        SalesRollupMark(day=day, district_id=district_id)
        for district_id in sorted(set(district_ids))
    )
    if not settings.SALES_ROLLUP_SWEEP_SECONDS:  # no beat to sweep: refresh at commit
        transaction.on_commit(refresh_marked)


def mark_part_stale(suborder: SubOrder) -> None:
    """A part of an order was cancelled or had a return accepted: mark its district on the
    day of its order."""
    mark_stale(
        day=timezone.localdate(suborder.order.placed_at),
        district_ids=[suborder.seller.district_id],
    )


@transaction.atomic
def refresh_marked() -> int:
    """Consume the marks committed so far and refresh their rows; the rows refreshed.

    The marks are deleted and their rows recomputed in one transaction, so a failed
    refresh leaves them for the next sweep. Each refresh query sees every order committed
    before it starts, so every order whose mark was consumed here is counted (a mark
    commits with its order). A mark still uncommitted is neither seen nor deleted: the
    next sweep takes it.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SalesRollupMark._meta.db_table} RETURNING day, district_id")
        marked = cursor.fetchall()
    by_day: dict[date, set[int]] = defaultdict(set)
    for day, district_id in marked:
        by_day[day].add(district_id)
    return sum(refresh_days([day], district_ids=ids) for day, ids in sorted(by_day.items()))


def rebuild(*, since: date | None = None, chunk_days: int = 31) -> int:
    """Recompute every day from ``since`` (default: the first order) to today, a month of
    days per transaction. Returns the number of district-day rows written."""
    if since is None:
        first = Order.objects.order_by("placed_at").values_list("placed_at", flat=True).first()
        if first is None:
            return 0
        since = timezone.localdate(first)
    today = timezone.localdate()
    written = 0
    day = since
    while day <= today:
        last = min(day + timedelta(days=chunk_days - 1), today)
        written += refresh_days([day + timedelta(days=i) for i in range((last - day).days + 1)])
        day = last + timedelta(days=1)
    return written
