"""The sales rollups equal a direct aggregate over the orders, for any period."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone

from orders import rollups
from orders.models import DistrictDaySales, OrderLine, ReturnRequest, SalesRollupMark, SubOrder
from orders.sales_selectors import sales_by_district, top_products
from orders.services import transition_suborder
from tests.factories import (
    DistrictFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    SellerFactory,
    SubOrderFactory,
    UserFactory,
    place_test_order,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FIRST_DAY = TODAY - timedelta(days=120)


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


@pytest.fixture
def history():
    """~150 orders over 120 days in three districts: several artisans per order, orders
    just before and after midnight India time, some parts cancelled, some delivered parts
    with returns (in every state, some with two)."""
    rng = random.Random(18)
    districts = [DistrictFactory(), DistrictFactory(), DistrictFactory()]
    sellers = [SellerFactory(district=d) for d in districts for _ in range(2)]
    products = [ProductFactory(seller=s) for s in sellers for _ in range(2)]
    for n in range(150):
        day = FIRST_DAY + timedelta(days=rng.randrange(121))
        hour = rng.choice([0, 9, 13, 23])
        order = OrderFactory(placed_at=_at(day, hour), number=f"OD-R-{n:04d}")
        for seller in rng.sample(sellers, rng.randint(1, 3)):
            status = rng.choice(["placed", "delivered", "shipped", "cancelled"])
            sub = SubOrderFactory(order=order, seller=seller, status=status, line=None)
            for product in rng.sample([p for p in products if p.seller == seller], 2):
                quantity = rng.randint(1, 4)
                price = Decimal(rng.randint(100, 5000))
                line = OrderLineFactory(
                    suborder=sub,
                    product=product,
                    title=product.title,
                    quantity=quantity,
                    unit_price=price,
                    line_total=price * quantity,
                )
                if status == "delivered" and rng.random() < 0.4:
                    ReturnRequest.objects.create(
                        line=line,
                        suborder=sub,
                        buyer=order.buyer,
                        quantity=1,
                        reason=ReturnRequest.Reason.DAMAGED,
                        status=rng.choice(ReturnRequest.Status.values),
                        refund_amount=price,
                    )
    return districts


def direct_aggregate(first, last) -> dict[int, dict]:
    """What the rollups must say, straight from the orders tables."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    placed = Q(order__placed_at__gte=start, order__placed_at__lt=end)
    kept = ~Q(status="cancelled")
    accepted = ["accepted", "pickup", "received", "refunded"]
    subs = (
        SubOrder.objects.filter(placed)
        .values("seller__district_id")
        .annotate(
            orders=Count("order_id", distinct=True, filter=kept),
            # distinct: the join with the returns repeats a part with two returns
            suborders=Count("pk", distinct=True),
            cancelled=Count("pk", distinct=True, filter=~kept),
            returned=Count("pk", distinct=True, filter=Q(returns__status__in=accepted)),
        )
    )
    lines = (
        OrderLine.objects.filter(
            suborder__order__placed_at__gte=start, suborder__order__placed_at__lt=end
        )
        .exclude(suborder__status="cancelled")
        .values("suborder__seller__district_id")
        .annotate(units=Sum("quantity"), gross=Sum("line_total"))
    )
    result = {
        r["seller__district_id"]: {
            "orders": r["orders"],
            "suborders": r["suborders"],
            "cancelled": r["cancelled"],
            "returned": r["returned"],
            "units": 0,
            "gross": Decimal("0.00"),
        }
        for r in subs
    }
    for r in lines:
        result[r["suborder__seller__district_id"]].update(units=r["units"], gross=r["gross"])
    return result


def from_rollups(first, last) -> dict[int, dict]:
    return {
        district_id: {
            "orders": s.orders,
            "suborders": s.suborders,
            "cancelled": s.cancelled_suborders,
            "returned": s.returned_suborders,
            "units": s.units,
            "gross": s.gross_sales,
        }
        for district_id, s in sales_by_district(first, last).items()
    }


def test_the_rollups_equal_a_direct_aggregate_over_the_orders_for_random_periods(history):
    rollups.rebuild(since=FIRST_DAY)
    rng = random.Random(2025)
    for _ in range(25):
        first = FIRST_DAY + timedelta(days=rng.randrange(121))
        last = first + timedelta(days=rng.randrange(60))
        expected = direct_aggregate(first, last)
        # A district with only cancelled parts has orders=0 in both; compare all keys.
        got = from_rollups(first, last)
        for district_id in set(expected) | set(got):
            want = expected.get(district_id)
            have = got.get(district_id)
            if want is None or have is None:
                assert (want or have)["orders"] == 0 or want == have, (first, last, district_id)
                continue
            assert have == want, (first, last, district_id)


def test_an_order_just_after_midnight_counts_on_the_indian_day(history):
    district = history[0]
    seller = SellerFactory(district=district)
    order = OrderFactory(placed_at=_at(TODAY, 0), number="OD-MIDNIGHT")
    SubOrderFactory(order=order, seller=seller)
    rollups.refresh_days([TODAY - timedelta(days=1), TODAY])
    row = DistrictDaySales.objects.get(district=district, day=TODAY)
    assert row.orders >= 1


def test_refreshing_twice_changes_nothing(history):
    rollups.rebuild(since=FIRST_DAY)
    before = list(DistrictDaySales.objects.order_by("district_id", "day").values())
    rollups.rebuild(since=FIRST_DAY)
    after = list(DistrictDaySales.objects.order_by("district_id", "day").values())
    strip = [{k: v for k, v in r.items() if k not in ("id", "refreshed_at")} for r in before]
    assert strip == [{k: v for k, v in r.items() if k not in ("id", "refreshed_at")} for r in after]


def test_placing_and_cancelling_an_order_refresh_the_rollups_after_commit(
    django_capture_on_commit_callbacks,
):
    product = ProductFactory(price=Decimal("750.00"))
    buyer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        order = place_test_order(buyer, (product, 2))
    row = DistrictDaySales.objects.get(district=product.district, day=TODAY)
    assert (row.orders, row.units, row.gross_sales) == (1, 2, Decimal("1500.00"))
    assert [p.title for p in top_products(TODAY, TODAY)] == [product.title]

    suborder = order.suborders.get()
    with django_capture_on_commit_callbacks(execute=True):
        transition_suborder(suborder=suborder, to_status="cancelled", by=buyer, note="Changed mind")
    row = DistrictDaySales.objects.get(district=product.district, day=TODAY)
    assert (row.orders, row.units, row.gross_sales) == (0, 0, Decimal("0.00"))
    assert (row.suborders, row.cancelled_suborders) == (1, 1)


def test_the_beat_task_refreshes_today_for_every_district():
    from orders.tasks import refresh_recent_sales_rollups

    seller = SellerFactory()
    order = OrderFactory(placed_at=timezone.now())
    SubOrderFactory(order=order, seller=seller)
    refresh_recent_sales_rollups()
    assert DistrictDaySales.objects.get(district=seller.district, day=TODAY).units == 2


def test_with_beat_orders_mark_their_rows_stale_and_one_sweep_refreshes_them(
    settings, django_capture_on_commit_callbacks
):
    from orders.tasks import refresh_marked_sales_rollups

    settings.SALES_ROLLUP_SWEEP_SECONDS = 30
    first, second = ProductFactory(price=Decimal("500.00")), ProductFactory(price=Decimal("80.00"))
    buyer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            place_test_order(buyer, (first, 1), (second, 2))
    assert not DistrictDaySales.objects.exists()  # nothing refreshed at checkout
    assert SalesRollupMark.objects.count() == 6  # two districts, three orders
    assert len(callbacks) == 3  # the order emails only

    refresh_marked_sales_rollups()

    rows = DistrictDaySales.objects.filter(day=TODAY)
    assert {(r.district_id, r.orders, r.units, r.gross_sales) for r in rows} == {
        (first.district.pk, 3, 3, Decimal("1500.00")),
        (second.district.pk, 3, 6, Decimal("480.00")),
    }
    assert not SalesRollupMark.objects.exists()
    assert refresh_marked_sales_rollups() == 0  # nothing marked since
