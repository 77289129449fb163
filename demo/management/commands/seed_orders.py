"""manage.py seed_orders --orders N: order history for benchmarks, by bulk inserts.

Orders go to a pool of bulk shoppers and are split per artisan like real ones (one to
three lines, each line's artisan gets a sub-order), spread over the last 180 days (or
``--days``: 730 gives the dashboard benchmark its two years) with a realistic mix of
statuses. They bypass place_order on purpose: stock is not touched and no
emails are queued, because this is history, not new sales. Deterministic and additive:
re-running adds only up to N bulk orders in all. The dashboard's sales rollups are
rebuilt afterwards, as the order services would have kept them.
"""

import random
from collections import defaultdict
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalog.models import Product
from demo.bench import BENCH_ADDRESS
from orders import rollups
from orders.models import Order, OrderLine, SubOrder

BATCH = 2000
SHOPPERS = 500
NUMBER_PREFIX = "OD-BULK-"
STATUS_MIX = [
    (SubOrder.Status.DELIVERED, 60),
    (SubOrder.Status.SHIPPED, 15),
    (SubOrder.Status.ACCEPTED, 10),
    (SubOrder.Status.PLACED, 10),
    (SubOrder.Status.CANCELLED, 5),
]


class Command(BaseCommand):
    help = "Add N bulk orders (with per-artisan sub-orders and lines) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, required=True)
        parser.add_argument(
            "--days", type=int, default=180, help="spread the orders over this many days"
        )

    def handle(self, *args, orders: int, days: int, **options):
        existing = Order.objects.filter(number__startswith=NUMBER_PREFIX).count()
        wanted = max(0, orders - existing)
        if wanted:
            self._seed(start=existing, count=wanted, days=days)
            rows = rollups.rebuild()
            self.stdout.write(f"Sales rollups rebuilt: {rows} district-days.")
        self.stdout.write(f"Bulk orders: {wanted} new, {existing + wanted} in all.")

    @transaction.atomic
    def _seed(self, *, start: int, count: int, days: int) -> None:
        rng = random.Random(20251)
        shoppers = _bulk_shoppers()
        products = list(
            Product.objects.live()
            .select_related("seller")
            .values_list("pk", "price", "title", "title_hi", "seller_id", "seller__display_name")
        )
        if not products:
            raise SystemExit("No live products: run seed_demo first.")
        statuses, weights = zip(*STATUS_MIX, strict=True)
        now = timezone.now()
        for first in range(start, start + count, BATCH):
            size = min(BATCH, start + count - first)
            plans = [_plan(rng, products) for _ in range(size)]
            order_rows = [
                _order_row(f"{NUMBER_PREFIX}{first + i + 1:07d}", rng, shoppers, plan, now, days)
                for i, plan in enumerate(plans)
            ]
            Order.objects.bulk_create(order_rows, batch_size=BATCH)
            suborders, lines = [], []
            for order, plan in zip(order_rows, plans, strict=True):
                for seller_id, items in plan.items():
                    status = rng.choices(statuses, weights)[0]
                    suborder = _suborder_row(order, seller_id, items, status)
                    suborders.append(suborder)
                    lines.extend(_line_rows(suborder, items))
            SubOrder.objects.bulk_create(suborders, batch_size=BATCH)
            OrderLine.objects.bulk_create(lines, batch_size=BATCH)


def _bulk_shoppers() -> list[int]:
    unusable = make_password(None)
    emails = [f"bulk-shopper-{i:04d}@shoppers.odop.example" for i in range(SHOPPERS)]
    User.objects.bulk_create(
        [User(email=email, password=unusable, full_name="Bulk shopper") for email in emails],
        ignore_conflicts=True,
    )
    return list(User.objects.filter(email__in=emails).values_list("pk", flat=True))


def _plan(rng: random.Random, products: list[tuple]) -> dict[int, list[tuple]]:
    """One to three distinct products with quantities, grouped by artisan."""
    by_seller: dict[int, list[tuple]] = defaultdict(list)
    for product in rng.sample(products, rng.choice((1, 1, 2, 3))):
        by_seller[product[4]].append((product, rng.choice((1, 1, 1, 2, 3))))
    return by_seller


def _shipping(subtotal: Decimal) -> Decimal:
    if subtotal >= Decimal(settings.FREE_SHIPPING_THRESHOLD):
        return Decimal("0.00")
    return Decimal(settings.SHIPPING_CHARGE_PER_SELLER)


def _order_row(number: str, rng: random.Random, shoppers: list[int], plan, now, days) -> Order:
    subtotals = [sum(p[1] * q for p, q in items) for items in plan.values()]
    shipping = sum((_shipping(s) for s in subtotals), Decimal("0.00"))
    subtotal = sum(subtotals, Decimal("0.00"))
    return Order(
        number=number,
        buyer_id=rng.choice(shoppers),
        idempotency_key=number,
        **asdict(BENCH_ADDRESS),
        subtotal=subtotal,
        shipping_total=shipping,
        total=subtotal + shipping,
        placed_at=now - timedelta(minutes=rng.randrange(days * 24 * 60)),
    )


def _suborder_row(order: Order, seller_id: int, items, status: str) -> SubOrder:
    subtotal = sum((p[1] * q for p, q in items), Decimal("0.00"))
    shipping = _shipping(subtotal)
    return SubOrder(
        order=order,
        seller_id=seller_id,
        status=status,
        subtotal=subtotal,
        shipping=shipping,
        total=subtotal + shipping,
        cancel_reason="Bulk history" if status == SubOrder.Status.CANCELLED else "",
    )


def _line_rows(suborder: SubOrder, items) -> list[OrderLine]:
    return [
        OrderLine(
            suborder=suborder,
            product_id=pk,
            title=title,
            title_hi=title_hi,
            seller_name=seller_name,
            unit_price=price,
            quantity=quantity,
            line_total=price * quantity,
        )
        for (pk, price, title, title_hi, _seller, seller_name), quantity in items
    ]
