"""Razorpay webhooks: verified, applied once per event id, dispatched by event name."""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction

from payments import gateway, refunds, services
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
        if event in PAYMENT_EVENTS:
            entity = _entity(payload, "payment")
            outcome = services.record_payment(entity=entity, source="webhook")
        elif event in REFUND_EVENTS:
            entity = _entity(payload, "refund")
            outcome = refunds.record_refund(entity=entity)
        else:
            entity, outcome = {}, "ignored"
        record.entity_id = str(entity.get("id", ""))[:40]
        record.outcome = outcome
        record.save(update_fields=["entity_id", "outcome"])
    return outcome


def _entity(payload: dict, name: str) -> dict:
    """The event's entity, with the fields we rely on of the right type (else ValueError)."""
    wrapper = payload.get(name)
    entity = wrapper.get("entity") if isinstance(wrapper, dict) else None
    if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
        raise ValueError(f"no {name} entity")
    if not isinstance(entity.get("amount", 0), int) or not isinstance(entity.get("status"), str):
        raise ValueError(f"bad {name} entity")
    if name == "payment" and not isinstance(entity.get("order_id"), str):
        raise ValueError("payment without an order")
    return entity
