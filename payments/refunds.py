"""Refunds: a row per key written with the cancel, sent after commit, confirmed by webhook.

``queue_refund`` runs inside the transaction that cancels (or accepts a late payment);
``send_refund`` runs in a task after commit, claims the row, and looks the refund up at
the gateway by its key before creating it, so a retried task never refunds twice;
``record_refund`` applies Razorpay's refund.processed / refund.failed webhooks.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from orders.models import Order
from payments import gateway
from payments.gateway import GatewayUnavailable, to_paise
from payments.models import Payment, PaymentEvent, Refund

logger = logging.getLogger(__name__)

#: A claim on a refund call older than this is taken to have died with its worker.
CLAIM_SECONDS = 30


def queue_refund(
    *, payment: Payment, key: str, amount: Decimal, reason: str, suborder=None
) -> Refund:
    """Write the refund row once per key; a new one is sent to the gateway after commit."""
    refund, created = Refund.objects.get_or_create(
        key=key,
        defaults={
            "payment": payment,
            "suborder": suborder,
            "amount": amount,
            "reason": (reason or "")[:300],
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue_refund(refund.pk), robust=True)
    return refund


def enqueue_refund(refund_id: int) -> None:
    from payments.tasks import send_refund

    try:
        send_refund.delay(refund_id)
    except Exception:  # broker unreachable: send_pending_refunds picks it up
        logger.warning("Could not enqueue refund %s; left queued", refund_id)


def send_refund(*, refund_id: int) -> str:
    """Ask the gateway for one queued refund, once, and keep its id.

    The row is claimed first, so two workers never both call. Before creating, the
    payment's refunds at the gateway are searched for our key (in ``notes``): a worker
    that died after the gateway call but before saving does not refund twice.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=CLAIM_SECONDS)
    claimed = (
        Refund.objects.filter(pk=refund_id, status=Refund.Status.QUEUED, gateway_refund_id="")
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    payment_id = refund.payment.gateway_payment_id
    sdk = gateway.client()
    try:
        existing = gateway.call(sdk.payment.fetch_multiple_refund, payment_id, {"count": 100})
        data = next(
            (
                item
                for item in existing.get("items", [])
                if (item.get("notes") or {}).get("refund_key") == refund.key
            ),
            None,
        )
        if data is None:
            data = gateway.call(
                sdk.payment.refund,
                payment_id,
                {
                    "amount": to_paise(refund.amount),
                    "speed": "normal",
                    "receipt": refund.key,
                    "notes": {"refund_key": refund.key},
                },
            )
    except GatewayUnavailable as exc:
        Refund.objects.filter(pk=refund_id).update(claimed_at=None, failure_reason=str(exc)[:300])
        raise
    status = Refund.Status.PROCESSED if data.get("status") == "processed" else Refund.Status.PENDING
    Refund.objects.filter(pk=refund_id, gateway_refund_id="").update(
        gateway_refund_id=data["id"], status=status, claimed_at=None, failure_reason=""
    )
    if status == Refund.Status.PROCESSED:
        _refund_processed(Refund.objects.get(pk=refund_id))
    return "sent"


def record_refund(*, entity: dict) -> str:
    """A verified refund.processed / refund.failed: the refund's final state, once."""
    key = (entity.get("notes") or {}).get("refund_key", "")
    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update()
            .filter(Q(gateway_refund_id=entity.get("id") or "-") | Q(key=key or "-"))
            .first()
        )
        if refund is None:
            logger.warning("Refund %s is not one of ours", entity.get("id"))
            return "unknown-refund"
        if not refund.gateway_refund_id:
            refund.gateway_refund_id = entity["id"]
        if entity.get("status") == "processed":
            if refund.status == Refund.Status.PROCESSED:
                return "already-processed"
            refund.status = Refund.Status.PROCESSED
            refund.processed_at = timezone.now()
            refund.failure_reason = ""
            refund.save()
            _refund_processed(refund)
            return "processed"
        if entity.get("status") == "failed":
            refund.status = Refund.Status.FAILED
            refund.failure_reason = str(entity.get("error_description") or "failed")[:300]
            refund.save()
            logger.warning("Refund %s failed at the gateway", refund.pk)
            return "failed"
    return "ignored"


def _refund_processed(refund: Refund) -> None:
    """Once refunds cover the whole payment, the payment and its order are refunded."""
    payment = refund.payment
    done = payment.refunds.filter(status=Refund.Status.PROCESSED).aggregate(s=Sum("amount"))["s"]
    if done is not None and done >= payment.amount:
        if payment.status != Payment.Status.REFUNDED:
            PaymentEvent.objects.create(
                payment=payment, from_status=payment.status, to_status="refunded", source="refund"
            )
            Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.REFUNDED)
        gateway_order = payment.gateway_order
        if gateway_order.accepted_payment_id == payment.pk:
            Order.objects.filter(pk=gateway_order.order_id).update(
                payment_status=Order.PaymentStatus.REFUNDED
            )
