"""Writes for online payments: the gateway order, recording payments, cancels, expiry.

Gateway calls never run inside a transaction that holds row locks: the gateway order is
created by the first request that claims it (``claimed_at``), refunds are rows written
with the cancel and sent after commit by a task. A payment changes an order's state once,
under ``select_for_update`` on its GatewayOrder, whoever reports it first (the buyer's
return, the webhook or reconciliation) and however many times.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orders.fulfilment import TransitionError, transition_suborder
from orders.models import Order, SubOrder
from orders.notifications import queue_placement_notices
from orders.returns import ReturnError
from payments import gateway
from payments.gateway import GatewayUnavailable, from_paise, to_paise
from payments.models import GatewayOrder, Payment, PaymentEvent
from payments.refunds import queue_refund

logger = logging.getLogger(__name__)

#: A claim on a gateway call older than this is taken to have died with its process.
CLAIM_SECONDS = 30
#: How long a second request waits for the first one's gateway order.
WAIT_SECONDS = 8.0

#: A payment's status only moves up this ladder (a late 'authorized' never undoes 'captured').
RANK = {"created": 0, "authorized": 1, "failed": 1, "captured": 2, "refunded": 3}
METHODS = {m.value for m in Payment.Method}


# --- the gateway order ---------------------------------------------------------------


def open_gateway_order(order: Order) -> GatewayOrder:
    """Inside place_order's transaction: what the buyer must pay, and until when."""
    return GatewayOrder.objects.create(
        order=order,
        receipt=order.number,
        amount=order.total,
        expires_at=timezone.now() + timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES),
    )


def ensure_gateway_order(gateway_order: GatewayOrder) -> GatewayOrder:
    """Create the gateway's order once, outside any transaction; return it with its id.

    The first request claims the row with a conditional UPDATE and calls the gateway;
    a concurrent one (a double submit, two tabs) waits for that id instead of making a
    second gateway order. A claim left by a dead process is retaken after CLAIM_SECONDS,
    and the gateway is then asked first whether an order with our receipt exists.
    """
    pk = gateway_order.pk
    if gateway_order.gateway_order_id:
        return gateway_order
    now = timezone.now()
    stale = now - timedelta(seconds=CLAIM_SECONDS)
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    retaken = GatewayOrder.objects.filter(pk=pk, claimed_at__lt=stale).exists()
    claimed = (
        GatewayOrder.objects.filter(pk=pk, gateway_order_id="")
        .filter(unclaimed)
        .update(claimed_at=now)
    )
    if not claimed:
        return _wait_for_gateway_order(pk)
    try:
        data = _find_by_receipt(gateway_order) if retaken else None
        if data is None:
            data = gateway.call(
                gateway.client().order.create,
                {
                    "amount": to_paise(gateway_order.amount),
                    "currency": gateway_order.currency,
                    "receipt": gateway_order.receipt,
                    "notes": {
                        "order_id": str(gateway_order.order_id),
                        "order_number": gateway_order.receipt,
                    },
                    "payment_capture": 1,
                },
            )
        if data.get("amount") != to_paise(gateway_order.amount) or data.get("currency") != "INR":
            raise GatewayUnavailable("the gateway order does not have our amount")
    except GatewayUnavailable:
        GatewayOrder.objects.filter(pk=pk).update(claimed_at=None)
        raise
    GatewayOrder.objects.filter(pk=pk, gateway_order_id="").update(
        gateway_order_id=data["id"], claimed_at=None
    )
    gateway_order.refresh_from_db()
    return gateway_order


def _find_by_receipt(gateway_order: GatewayOrder) -> dict | None:
    found = gateway.call(
        gateway.client().order.all, {"receipt": gateway_order.receipt, "count": 10}
    )
    for item in found.get("items", []):
        if item.get("receipt") == gateway_order.receipt:
            return item
    return None


def _wait_for_gateway_order(pk: int) -> GatewayOrder:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.1)
        gateway_order = GatewayOrder.objects.get(pk=pk)
        if gateway_order.gateway_order_id:
            return gateway_order
    raise GatewayUnavailable("another request is still creating the gateway order")


# --- payments ------------------------------------------------------------------------


def record_payment(*, entity: dict, source: str) -> str:
    """Apply what the gateway says about one payment; return what happened, in a word.

    ``entity`` is Razorpay's payment object, from a verified webhook or fetched from the
    API after a verified return. A captured payment of the order's exact amount in INR
    pays the order (once); any other amount or currency is flagged for operations and
    never accepted. A payment for an order that expired or was cancelled meanwhile is
    refunded, part by part (see SECURITY.md and the README: our late-payment policy).
    """
    with transaction.atomic():
        gateway_order = (
            GatewayOrder.objects.select_for_update()
            .filter(gateway_order_id=entity.get("order_id") or "-")
            .first()
        )
        if gateway_order is None:
            logger.warning("Payment %s for an unknown gateway order", entity.get("id"))
            return "unknown-order"
        payment = _upsert_payment(gateway_order, entity, source)
        outcome = payment.status
        if payment.status == Payment.Status.CAPTURED:
            outcome = _accept(gateway_order, payment)
    return outcome


def _upsert_payment(gateway_order: GatewayOrder, entity: dict, source: str) -> Payment:
    status = entity.get("status", "created")
    if status not in RANK:
        status = "created"
    method = entity.get("method") or ""
    payment = Payment.objects.select_for_update().filter(gateway_payment_id=entity["id"]).first()
    created_at = entity.get("created_at")
    if payment is None:
        payment = Payment.objects.create(
            gateway_order=gateway_order,
            gateway_payment_id=entity["id"],
            method=method if method in METHODS else "other",
            amount=from_paise(entity.get("amount", 0)),
            currency=str(entity.get("currency", ""))[:3],
            status=Payment.Status.CREATED,
            gateway_created_at=datetime.fromtimestamp(created_at, tz=UTC) if created_at else None,
        )
        PaymentEvent.objects.create(payment=payment, to_status="created", source=source)
    if RANK[status] > RANK[payment.status] and status != "created":
        PaymentEvent.objects.create(
            payment=payment,
            from_status=payment.status,
            to_status=status,
            source=source,
            note=str(entity.get("error_description") or "")[:300],
        )
        payment.status = status
        if status == "failed":
            payment.failure_reason = str(
                entity.get("error_description") or entity.get("error_reason") or ""
            )[:300]
        payment.save(update_fields=["status", "failure_reason", "updated_at"])
    return payment


def _accept(gateway_order: GatewayOrder, payment: Payment) -> str:
    """Under the GatewayOrder lock: pay the order, or flag, or refund the payment."""
    expected = (gateway_order.amount, gateway_order.currency)
    if (payment.amount, payment.currency) != expected:
        if not payment.attention:
            payment.attention = (
                f"Paid {payment.amount} {payment.currency}, "
                f"order is {gateway_order.amount} {gateway_order.currency}"
            )
            payment.save(update_fields=["attention", "updated_at"])
            logger.warning("Payment %s flagged: amount or currency mismatch", payment.pk)
        return "flagged"
    if gateway_order.accepted_payment_id == payment.pk:
        return "already-paid"
    if gateway_order.accepted_payment_id is not None:
        # Paid twice (two tabs): the second payment goes back in full.
        queue_refund(
            payment=payment,
            key=f"duplicate:{payment.gateway_payment_id}",
            amount=payment.amount,
            reason="Second payment for an order already paid",
        )
        return "duplicate"
    was = gateway_order.status
    late = was in (GatewayOrder.Status.EXPIRED, GatewayOrder.Status.CANCELLED)
    gateway_order.status = GatewayOrder.Status.PAID
    gateway_order.accepted_payment = payment
    gateway_order.paid_at = timezone.now()
    gateway_order.save(update_fields=["status", "accepted_payment", "paid_at"])
    Order.objects.filter(pk=gateway_order.order_id).update(payment_status=Order.PaymentStatus.PAID)
    order = Order.objects.select_related("buyer").get(pk=gateway_order.order_id)
    parts = list(order.suborders.order_by("pk"))
    if any(s.status != SubOrder.Status.CANCELLED for s in parts):
        queue_placement_notices(order)
    for suborder in parts:
        if suborder.status == SubOrder.Status.CANCELLED:
            queue_refund(
                payment=payment,
                key=f"suborder:{suborder.pk}",
                amount=suborder.total,
                suborder=suborder,
                reason=_late_reason(was) if late else "Cancelled before payment",
            )
    return "late-refunded" if late else "paid"


def _late_reason(status: str) -> str:
    if status == GatewayOrder.Status.EXPIRED:
        return "Paid after the order expired"
    return "Paid after the order was cancelled"


# --- cancelling and refunds ----------------------------------------------------------


def on_cancelled(*, suborder: SubOrder, amount: Decimal) -> None:
    """In the cancelling transaction: refund the part if paid; else stop asking for money."""
    gateway_order = (
        GatewayOrder.objects.select_for_update().filter(order_id=suborder.order_id).first()
    )
    if gateway_order is None:
        return
    if gateway_order.status == GatewayOrder.Status.PAID:
        queue_refund(
            payment=gateway_order.accepted_payment,
            key=f"suborder:{suborder.pk}",
            amount=amount,
            suborder=suborder,
            reason=suborder.cancel_reason,
        )
        return
    open_parts = SubOrder.objects.filter(order_id=suborder.order_id).exclude(
        status=SubOrder.Status.CANCELLED
    )
    if gateway_order.status == GatewayOrder.Status.AWAITING and not open_parts.exists():
        gateway_order.status = GatewayOrder.Status.CANCELLED
        gateway_order.save(update_fields=["status"])
        Order.objects.filter(
            pk=suborder.order_id, payment_status=Order.PaymentStatus.AWAITING
        ).update(payment_status=Order.PaymentStatus.NOT_DUE)


def refund_return(*, return_request) -> str:
    """In the transaction where the artisan received a returned item: refund the item's
    price (shipping is not refunded) on the order's accepted payment; the refund key.

    Raises ``ReturnError`` when the order was never paid online (nothing to refund).
    """
    gateway_order = (
        GatewayOrder.objects.select_for_update(of=("self",))
        .select_related("accepted_payment")
        .filter(order_id=return_request.suborder.order_id)
        .first()
    )
    if gateway_order is None or gateway_order.accepted_payment is None:
        raise ReturnError(_("This order was not paid online, so it cannot be refunded online."))
    refund = queue_refund(
        payment=gateway_order.accepted_payment,
        key=f"return:{return_request.pk}",
        amount=return_request.refund_amount,
        suborder=return_request.suborder,
        reason=_("Return of %(title)s") % {"title": return_request.line.title},
    )
    return refund.key


# --- expiry --------------------------------------------------------------------------


def expire_unpaid_orders(*, now=None, limit: int = 200) -> int:
    """Cancel online orders not paid in time and give their stock back, exactly once.

    Each order is taken under SELECT … FOR UPDATE SKIP LOCKED and re-checked, so two
    sweeps at once (two beat schedulers, a sweep and the pay page) expire it once; the
    sub-orders are cancelled through fulfilment, whose conditional UPDATE restocks once.
    """
    now = now or timezone.now()
    due = GatewayOrder.objects.filter(
        status=GatewayOrder.Status.AWAITING, expires_at__lte=now
    ).values_list("pk", flat=True)[:limit]
    return sum(expire_gateway_order(pk=pk, now=now) for pk in list(due))


def expire_gateway_order(*, pk: int, now=None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        gateway_order = (
            GatewayOrder.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=GatewayOrder.Status.AWAITING, expires_at__lte=now)
            .first()
        )
        if gateway_order is None:
            return False
        gateway_order.status = GatewayOrder.Status.EXPIRED
        gateway_order.save(update_fields=["status"])
        Order.objects.filter(pk=gateway_order.order_id).update(
            payment_status=Order.PaymentStatus.EXPIRED
        )
        buyer = Order.objects.select_related("buyer").get(pk=gateway_order.order_id).buyer
        with translation.override(buyer.preferred_language or "en"):
            note = _("Not paid within %(minutes)d minutes") % {
                "minutes": settings.PAYMENT_EXPIRY_MINUTES
            }
        parts = SubOrder.objects.filter(order_id=gateway_order.order_id).exclude(
            status=SubOrder.Status.CANCELLED
        )
        for suborder in parts.order_by("pk"):
            try:
                transition_suborder(
                    suborder=suborder, to_status=SubOrder.Status.CANCELLED, by=None, note=note
                )
            except TransitionError:
                logger.warning("Sub-order %s could not be expired", suborder.pk)
    return True
