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
