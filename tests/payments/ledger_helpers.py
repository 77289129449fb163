"""Delivered sub-orders, processed refunds and rates on fixed dates, for ledger tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from orders.models import ReturnRequest, SubOrder
from payments.models import CommissionRate, GatewayOrder, Payment, Refund
from tests.factories import OrderFactory, SubOrderFactory

IST = ZoneInfo("Asia/Kolkata")


def at(day: str, time: str = "10:00") -> dt.datetime:
    """'2026-11-05', '10:00' → that moment in India."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=IST)


def delivered_suborder(
    seller,
    *,
    placed: str,
    delivered: str,
    subtotal: str = "500.00",
    shipping: str = "60.00",
    method: str = "razorpay",
    number: str | None = None,
) -> SubOrder:
    subtotal_d, shipping_d = Decimal(subtotal), Decimal(shipping)
    extra = {"number": number} if number else {}
    order = OrderFactory(
        placed_at=at(placed),
        subtotal=subtotal_d,
        shipping_total=shipping_d,
        total=subtotal_d + shipping_d,
        payment_method=method,
        **extra,
    )
    return SubOrderFactory(
        order=order,
        seller=seller,
        subtotal=subtotal_d,
        shipping=shipping_d,
        total=subtotal_d + shipping_d,
        status=SubOrder.Status.DELIVERED,
        delivered_at=at(delivered),
    )


def processed_refund(suborder: SubOrder, *, amount: str, day: str, key: str = "") -> Refund:
    order = suborder.order
    gateway_order, _created = GatewayOrder.objects.get_or_create(
        order=order,
        defaults={
            "receipt": order.number,
            "amount": order.total,
            "expires_at": order.placed_at + dt.timedelta(minutes=15),
            "status": GatewayOrder.Status.PAID,
        },
    )
    payment, _created = Payment.objects.get_or_create(
        gateway_payment_id=f"pay_{order.number}",
        defaults={
            "gateway_order": gateway_order,
            "amount": order.total,
            "currency": "INR",
            "status": Payment.Status.CAPTURED,
        },
    )
    return Refund.objects.create(
        key=key or f"partial:{suborder.pk}:{day}",
        payment=payment,
        suborder=suborder,
        amount=Decimal(amount),
        status=Refund.Status.PROCESSED,
        processed_at=at(day, "12:00"),
    )


def rate(percent: str, starts: str, ends: str | None = None, **fields) -> CommissionRate:
    return CommissionRate.objects.create(
        percent=Decimal(percent),
        starts_on=dt.date.fromisoformat(starts),
        ends_on=dt.date.fromisoformat(ends) if ends else None,
        **fields,
    )


def fixed_rates(settings) -> None:
    """Commission 10% unless a rate says otherwise; the legal TCS and TDS schedules."""
    settings.COMMISSION_DEFAULT_PERCENT = "10.00"
    settings.GST_TCS_RATES = "2018-10-01:1.00,2024-07-10:0.50"
    settings.TDS_194O_RATES = "2020-10-01:1.00,2024-10-01:0.10"
    settings.RETURN_WINDOW_DAYS = 7


def refunded_return(suborder: SubOrder, *, amount: str, day: str) -> ReturnRequest:
    """A return of the sub-order's line whose ``amount`` went back to the buyer on ``day``."""
    return ReturnRequest.objects.create(
        line=suborder.lines.order_by("pk").first(),
        suborder=suborder,
        buyer=suborder.order.buyer,
        quantity=1,
        reason=ReturnRequest.Reason.DAMAGED,
        status=ReturnRequest.Status.REFUNDED,
        refund_amount=Decimal(amount),
        refunded_amount=Decimal(amount),
        refunded_at=at(day),
    )
