"""Background work: cleaning review photos, sending notices, the back-in-stock sweep.

Tasks take ids, re-read, and are safe to run twice.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from engagement import alerts, channels, photos
from engagement.models import Notice

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def process_review_photo(photo_id: int) -> None:
    photos.process_review_photo(photo_id)


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def send_notice(self, notice_id: int) -> str:
    """Send one notice unless it was sent already; claimed under a lock, stamped with the
    send in one transaction."""
    try:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient", "product")
                .filter(pk=notice_id, sent_at__isnull=True)
                .first()
            )
            if notice is None:
                return "skipped"
            channels.deliver(notice)
            notice.sent_at = timezone.now()
            notice.attempts += 1
            notice.save(update_fields=["sent_at", "attempts"])
    except Exception as exc:
        Notice.objects.filter(pk=notice_id).update(
            last_error=str(exc)[:300], attempts=F("attempts") + 1
        )
        logger.exception("Notice %s failed", notice_id)
        raise self.retry(exc=exc) from exc
    return "sent"


@shared_task
def notify_back_in_stock(product_id: int) -> int:
    return alerts.notify_back_in_stock(product_id=product_id)


@shared_task
def sweep_stock_alerts() -> int:
    """Notify waiting shoppers of products restocked by any path (cancelled orders, the
    admin). Run periodically by beat."""
    return sum(
        alerts.notify_back_in_stock(product_id=pk)
        for pk in alerts.products_with_waiting_alerts_in_stock()
    )
