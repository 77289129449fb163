"""Payment jobs: refunds after commit, the expiry sweep and the daily reconciliation."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from payments import refunds, services
from payments.gateway import GatewayUnavailable
from payments.models import Refund


@shared_task(bind=True, max_retries=8, default_retry_delay=60, acks_late=True)
def send_refund(self, refund_id: int) -> str:
    """Send one queued refund to the gateway; safe to run twice (the row is claimed)."""
    try:
        return refunds.send_refund(refund_id=refund_id)
    except GatewayUnavailable as exc:
        raise self.retry(exc=exc) from None


@shared_task
def send_pending_refunds(older_than_seconds: int = 120) -> int:
    """Re-enqueue refunds still queued (broker or gateway down when they were written)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Refund.objects.filter(
            status=Refund.Status.QUEUED, gateway_refund_id="", created_at__lte=cutoff
        ).values_list("pk", flat=True)[:200]
    )
    for refund_id in ids:
        send_refund.delay(refund_id)
    return len(ids)


@shared_task
def expire_unpaid_orders() -> int:
    return services.expire_unpaid_orders()


@shared_task
def reconcile_yesterday() -> int:
    from payments.reconciliation import reconcile

    day = timezone.localdate() - timedelta(days=1)
    return reconcile(day=day).pk


# --- the artisans' ledger and payouts -----------------------------------------------------


@shared_task
def accrue_ledger() -> int:
    """Post the ledger rows of deliveries and refunds not yet posted (idempotent)."""
    from payments import ledger

    return ledger.accrue()


@shared_task
def weekly_payout_run() -> int:
    """The beat's payout run: what is payable, grouped per artisan."""
    from payments import payouts

    return payouts.run_payouts().pk


@shared_task(bind=True, max_retries=8, default_retry_delay=300, acks_late=True)
def send_razorpayx_payout(self, payout_id: int) -> str:
    """Create one payout at RazorpayX; safe to run twice (idempotency key = reference)."""
    from payments import payouts_razorpayx

    try:
        return payouts_razorpayx.send_payout(payout_id=payout_id)
    except GatewayUnavailable as exc:
        raise self.retry(exc=exc) from None


@shared_task
def sync_razorpayx_payouts() -> int:
    """Read back the status of payouts RazorpayX is still processing."""
    from payments import payouts_razorpayx
    from payments.models import Payout

    ids = Payout.objects.filter(status=Payout.Status.SENT).exclude(gateway_payout_id="")
    count = 0
    for payout_id in ids.values_list("pk", flat=True)[:500]:
        try:
            payouts_razorpayx.sync_payout(payout_id=payout_id)
            count += 1
        except GatewayUnavailable:
            break
    return count


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_payout_notice(self, payout_id: int) -> str:
    """Tell the artisan, in their language, that a payout was sent, paid or failed; once
    per status (``notified_status`` is claimed before sending)."""
    from payments.notices import send_payout_notice as send

    return send(payout_id=payout_id)
