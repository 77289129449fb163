"""Order notices (email, SMS or WhatsApp), sent from the outbox exactly once, in the
recipient's language."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.notify import deliver, link
from kernel.mail import localized_email
from kernel.money import format_money
from orders import rollups
from orders.evidence import process_evidence_photo
from orders.models import Notification

logger = logging.getLogger(__name__)


def _subject(notification: Notification) -> str:
    number = notification.order.number
    subjects = {
        "order_confirmation": _("Your order %(number)s is placed"),
        "new_order": _("New order %(number)s to prepare"),
        "shipped": _("Your order %(number)s is on its way"),
        "cancelled": _("Part of your order %(number)s is cancelled"),
        "return_requested": _("A buyer wants to return an item of order %(number)s"),
        "return_accepted": _("Your return for order %(number)s is accepted"),
        "return_rejected": _("Your return for order %(number)s is refused"),
        "return_disputed": _("The buyer disputes your refusal of a return (order %(number)s)"),
        "return_decided": _("Our team has decided on the return for order %(number)s"),
        "return_pickup": _("A pickup is booked for your return (order %(number)s)"),
        "return_received": _("The artisan has received your return (order %(number)s)"),
        "return_refunded": _("The return for order %(number)s is refunded"),
    }
    return subjects[notification.kind] % {"number": number}


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """Render the notice as plain text and HTML in the notification's language."""
    order = notification.order
    suborder = notification.suborder
    suborders = [suborder] if suborder else order.suborders.select_related("seller").order_by("pk")
    return localized_email(
        to=notification.recipient.email,
        language=notification.language,
        template=f"orders/email/{notification.kind}",
        subject=lambda: _subject(notification),
        context={
            "order": order,
            "suborder": suborder,
            "return_request": notification.return_request,
            "recipient": notification.recipient,
            "suborders": list(suborders),
            "site_url": getattr(settings, "SITE_URL", ""),
        },
    )


def _to_artisan(notification: Notification) -> bool:
    suborder = notification.suborder
    return suborder is not None and notification.recipient_id == suborder.seller.user_id


def _message_params(notification: Notification) -> dict[str, str]:
    """The SMS/WhatsApp template's parameters: the order number, an amount, a link to the
    page the recipient acts on (the artisan's order or return page, the buyer's order),
    and for returns the item."""
    order, suborder, language = notification.order, notification.suborder, notification.language
    return_request = notification.return_request
    if _to_artisan(notification):
        page = return_request.get_seller_url if return_request else suborder.get_seller_url
        total = suborder.total
    else:
        page, total = order.get_absolute_url, order.total
    with translation.override(language):
        params = {"number": order.number, "total": format_money(total), "url": link(page, language)}
        if return_request is not None:
            params["product"] = return_request.line.display_title
            params["amount"] = format_money(return_request.refunded_amount)
    return params


def deliver_notification(notification: Notification) -> str:
    """Email, SMS or WhatsApp, as the recipient chose (inside the caller's claim)."""
    return deliver(
        recipient=notification.recipient,
        template=notification.kind,
        params=_message_params(notification),
        email=lambda: build_email(notification),
        dedupe_key=f"orders.notification:{notification.pk}",
        language=notification.language,
        artisan=_to_artisan(notification),
    )


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_notification(self, notification_id: int) -> str:
    """Send one outbox row unless it was sent already.

    The row is claimed with SELECT … FOR UPDATE SKIP LOCKED and marked sent in the
    same transaction as the send: a retried or duplicated task finds it sent (or locked
    by the task sending it) and does nothing.
    """
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("order", "suborder__seller", "recipient", "return_request__line")
                .filter(pk=notification_id, status=Notification.Status.PENDING)
                .first()
            )
            if notification is None:
                return "skipped"
            deliver_notification(notification)
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.attempts += 1
            notification.save(update_fields=["status", "sent_at", "attempts"])
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(
            last_error=str(exc)[:300], attempts=F("attempts") + 1
        )
        logger.exception("Notification %s failed", notification_id)
        raise self.retry(exc=exc) from exc
    return "sent"


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def process_evidence_photo_task(kind: str, photo_id: int) -> None:
    """Clean one return or packing photo and make its rendition; safe to run twice."""
    process_evidence_photo(kind, photo_id)


@shared_task
def send_notifications(notification_ids: list[int]) -> int:
    """Hand each outbox row to its own ``send_notification`` (retried on its own).

    Checkout queues this once for all its notices: one broker message on the buyer's
    request instead of one per email. Safe to run twice (each send skips sent rows).
    """
    for notification_id in notification_ids:
        send_notification.delay(notification_id)
    return len(notification_ids)


@shared_task
def send_pending_notifications(older_than_seconds: int = 60) -> int:
    """Re-enqueue outbox rows still pending (e.g. Redis was down at commit). Run periodically."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lte=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    for notification_id in ids:
        send_notification.delay(notification_id)
    return len(ids)


@shared_task
def refresh_marked_sales_rollups() -> int:
    """Refresh the rollup rows that orders placed or cancelled since the last run marked
    stale (beat, every ``SALES_ROLLUP_SWEEP_SECONDS``)."""
    return rollups.refresh_marked()


@shared_task
def refresh_recent_sales_rollups(days: int = 2) -> int:
    """Recompute today and the days before it for every district (beat): a check on the
    marks, so that rows changed by bulk SQL or the admin are right again within minutes."""
    today = timezone.localdate()
    return rollups.refresh_days([today - timedelta(days=n) for n in range(days)])
