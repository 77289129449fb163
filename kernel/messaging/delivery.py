"""The SMS/WhatsApp outbox: one ``kernel.Message`` row per message, sent exactly once.

- ``queue_message`` records a message in the caller's transaction and hands it to Celery
  after commit (sign-in codes, and any notice that has no outbox of its own);
- ``send_in_claim`` is for another outbox's task (the order notices, moderation, stock
  alerts) that has claimed its own row: it records and sends the message inside that
  claim, keyed by the row, so a retried task never sends a second one;
- ``send_claimed`` is what ``kernel.tasks.send_message`` runs;
- ``record_status`` applies a provider's delivery report.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kernel import messaging
from kernel.jobs import send_after_commit
from kernel.models import Message

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500


def _as_outgoing(message: Message) -> messaging.OutgoingMessage:
    return messaging.OutgoingMessage(
        channel=message.channel,
        to=message.to,
        template=message.template,
        params=message.params,
        language=message.language,
    )


def queue_message(
    *,
    channel: str,
    to: str,
    template: str,
    params: dict[str, str],
    language: str,
    dedupe_key: str,
) -> Message | None:
    """Record the message (once per ``dedupe_key``) and send it after commit.

    Returns the new row, or None if that key was queued already. A broker that is down
    loses nothing: ``send_pending_messages`` sends the row later.
    """
    from kernel.tasks import send_message

    message, created = Message.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "channel": channel,
            "to": to,
            "template": template,
            "params": {k: str(v) for k, v in params.items()},
            "language": language or "en",
        },
    )
    if not created:
        return None
    send_after_commit(send_message, message.pk)
    return message


def _send_and_stamp(message: Message) -> None:
    provider_id = messaging.send(_as_outgoing(message))
    message.provider_id = provider_id
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.attempts += 1
    message.save(update_fields=["provider_id", "status", "sent_at", "attempts"])


def send_claimed(message_id: int) -> bool:
    """Send one pending row, claimed with SKIP LOCKED; False if it was sent or is being sent.

    The provider call and the stamp share the transaction: if the call raises, nothing is
    stamped and the task retries; once stamped, no retry or duplicate task sends again.
    """
    try:
        with transaction.atomic():
            message = (
                Message.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, status=Message.Status.PENDING)
                .first()
            )
            if message is None:
                return False
            _send_and_stamp(message)
    except Exception as exc:
        Message.objects.filter(pk=message_id).update(
            last_error=str(exc)[:300], attempts=F("attempts") + 1
        )
        raise
    return True


def send_in_claim(
    *,
    channel: str,
    to: str,
    template: str,
    params: dict[str, str],
    language: str,
    dedupe_key: str,
) -> Message:
    """Record and send now, inside the transaction of another outbox's claimed row.

    Keyed by ``dedupe_key`` (the other row): if it was sent already, nothing is sent. If
    the provider refuses, the exception rolls back the caller's claim and its task retries.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("send_in_claim runs inside the caller's claim transaction")
    message, _created = Message.objects.select_for_update().get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "channel": channel,
            "to": to,
            "template": template,
            "params": {k: str(v) for k, v in params.items()},
            "language": language or "en",
        },
    )
    if message.status == Message.Status.PENDING:
        _send_and_stamp(message)
    return message


def pending_ids(*, older_than: timedelta) -> list[int]:
    cutoff = timezone.now() - older_than
    rows = Message.objects.filter(status=Message.Status.PENDING, created_at__lte=cutoff)
    return list(rows.order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH])


def record_status(
    *, channel: str, provider_id: str, status: str, at: datetime | None = None, error: str = ""
) -> bool:
    """Apply a delivery report; a late "sent" never overwrites "delivered". False if the
    message is unknown or the report is older news."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(channel=channel, provider_id=provider_id)
            .first()
        )
        if message is None:
            return False
        if Message.STATUS_RANK[status] <= Message.STATUS_RANK[message.status]:
            return False
        message.status = status
        message.status_at = at or timezone.now()
        fields = ["status", "status_at"]
        if error:
            message.last_error = error[:300]
            fields.append("last_error")
        message.save(update_fields=fields)
    return True
