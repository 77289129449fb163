"""The kernel's tasks: hand over background jobs the broker missed; send SMS/WhatsApp."""

import logging
from datetime import timedelta

from celery import shared_task

from kernel.jobs import dispatch_pending

logger = logging.getLogger(__name__)


@shared_task
def dispatch_pending_jobs(older_than_seconds: int = 60) -> int:
    """Re-send jobs recorded while the broker was down (beat runs this every two minutes)."""
    return dispatch_pending(older_than=timedelta(seconds=older_than_seconds))


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_message(self, message_id: int) -> str:
    """Send one SMS/WhatsApp outbox row unless it was sent already (safe to run twice)."""
    from kernel.messaging.delivery import send_claimed

    try:
        return "sent" if send_claimed(message_id) else "skipped"
    except Exception as exc:
        logger.exception("Message %s failed", message_id)
        raise self.retry(exc=exc) from exc


@shared_task
def send_pending_messages(older_than_seconds: int = 60) -> int:
    """Re-enqueue SMS/WhatsApp rows still pending (the broker was down at commit)."""
    from kernel.messaging.delivery import pending_ids

    ids = pending_ids(older_than=timedelta(seconds=older_than_seconds))
    for message_id in ids:
        send_message.delay(message_id)
    return len(ids)
