"""Demo earnings: delivered orders, a partial refund, a payout and commission rates, so
that /sell/earnings/ shows a statement for the demo artisan after ``make run``.

Deterministic and safe to run again: nothing is added once the demo orders exist.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo.bench import BENCH_ADDRESS
from orders.models import Order, OrderLine, SubOrder
from payments import ledger, payouts
from payments.models import CommissionRate, GatewayOrder, Payment, Payout, Refund
from sellers.models import SellerProfile

PREFIX = "OD-DEMO-PAY-"
#: (days ago placed, days ago delivered, price, quantity, payment method)
SALES = [
    (44, 40, Decimal("1450.00"), 1, "razorpay"),
    (38, 35, Decimal("620.00"), 2, "cod"),
    (30, 26, Decimal("2100.00"), 1, "razorpay"),
    (9, 6, Decimal("899.00"), 1, "cod"),
    (5, 2, Decimal("1250.50"), 1, "razorpay"),
]


def seed_rates() -> None:
    """The marketplace default and a zero-commission welcome for new ODOP artisans."""
    CommissionRate.objects.get_or_create(
        craft=None,
        seller=None,
        is_promotion=False,
        starts_on=date(2024, 1, 1),
        defaults={"percent": Decimal("5.00"), "note": "Marketplace default"},
    )
    CommissionRate.objects.get_or_create(
        is_promotion=True,
        first_months=3,
        starts_on=date(2026, 12, 1),
        defaults={
            "percent": Decimal("0.00"),
            "ends_on": date(2027, 3, 31),
            "note": "Welcome: no commission for new ODOP artisans' first 3 months",
        },
    )


@transaction.atomic
def seed_earnings(email: str) -> int:
    """The demo artisan's sales, a refund and a paid payout; returns rows posted."""
    seed_rates()
    seller = SellerProfile.objects.filter(user__email=email).first()
    if seller is None or Order.objects.filter(number__startswith=PREFIX).exists():
        return 0
    product = seller.products.order_by("pk").first()
    buyer, _created = User.objects.get_or_create(
        email="shopper@odop.example", defaults={"full_name": "Priya Sharma"}
    )
    now = timezone.now().replace(hour=11, minute=0, second=0, microsecond=0)
    first = None
    for index, (placed, delivered, price, quantity, method) in enumerate(SALES, start=1):
        subtotal = price * quantity
        shipping = Decimal("0.00") if subtotal >= 999 else Decimal("60.00")
        order = Order.objects.create(
            number=f"{PREFIX}{index:03d}",
            buyer=buyer,
            idempotency_key=f"demo-pay-{index}",
            subtotal=subtotal,
            shipping_total=shipping,
            total=subtotal + shipping,
            payment_method=method,
            payment_status=Order.PaymentStatus.PAID,
            placed_at=now - timedelta(days=placed),
            **asdict(BENCH_ADDRESS),
        )
        suborder = SubOrder.objects.create(
            order=order,
            seller=seller,
            status=SubOrder.Status.DELIVERED,
            subtotal=subtotal,
            shipping=shipping,
            total=subtotal + shipping,
            courier="India Post",
            tracking_number=f"EM{index:09d}IN",
            delivered_at=now - timedelta(days=delivered),
        )
        OrderLine.objects.create(
            suborder=suborder,
            product=product,
            title=product.title if product else "Handmade product",
            title_hi=product.title_hi if product else "",
            seller_name=seller.display_name,
            unit_price=price,
            quantity=quantity,
            line_total=subtotal,
        )
        first = first or suborder
    _refund(first, amount=Decimal("250.00"), at=now - timedelta(days=33))
    posted = ledger.accrue(seller_ids=[seller.pk])
    run = payouts.run_payouts(now=now - timedelta(days=21))
    for payout in Payout.objects.filter(run=run, seller=seller):
        payouts.set_status(payout=payout, status=Payout.Status.PAID, utr="SBIN0DEMO0001")
    return posted


def _refund(suborder: SubOrder, *, amount: Decimal, at) -> None:
    order = suborder.order
    gateway_order = GatewayOrder.objects.create(
        order=order,
        receipt=order.number,
        amount=order.total,
        status=GatewayOrder.Status.PAID,
        expires_at=order.placed_at + timedelta(minutes=15),
        paid_at=order.placed_at,
    )
    payment = Payment.objects.create(
        gateway_order=gateway_order,
        gateway_payment_id=f"pay_demo_{order.pk}",
        method=Payment.Method.UPI,
        amount=order.total,
        currency="INR",
        status=Payment.Status.CAPTURED,
    )
    Refund.objects.create(
        key=f"demo:{suborder.pk}",
        payment=payment,
        suborder=suborder,
        amount=amount,
        reason="A chipped piece: part refunded",
        status=Refund.Status.PROCESSED,
        processed_at=at,
    )
