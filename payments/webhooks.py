"""Razorpay webhooks: verified, applied once per event id, dispatched by event name."""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction

from payments import gateway, services
from payments.models import WebhookEvent

logger = logging.getLogger(__name__)

PAYMENT_EVENTS = {"payment.captured", "payment.failed", "payment.authorized", "order.paid"}
REFUND_EVENTS = {"refund.processed", "refund.failed"}


def handle_webhook(*, body: bytes, signature: str, event_id: str) -> str:
    """Verify ``body`` (raises SignatureInvalid), then apply it unless already applied.

    The event row and the effect commit together: a replay (same event id) hits the
    unique constraint and changes nothing; a failure rolls both back and Razorpay retries.
    """
    gateway.verify_webhook_signature(body=body, signature=signature)
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("payload"), dict):
        raise ValueError("not an event")
    event = str(data.get("event", ""))[:40]
    payload = data["payload"]
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(event_id=event_id, event=event)
        except IntegrityError:
            return "replay"
        if event in PAYMENT_EVENTS and "payment" in payload:
            entity = payload["payment"]["entity"]
            outcome = services.record_payment(entity=entity, source="webhook")
        elif event in REFUND_EVENTS and "refund" in payload:
            entity = payload["refund"]["entity"]
            outcome = services.record_refund(entity=entity)
        else:
            entity, outcome = {}, "ignored"
        record.entity_id = str(entity.get("id", ""))[:40]
        record.outcome = outcome
        record.save(update_fields=["entity_id", "outcome"])
    return outcome
