"""The email outbox: rows written in the transaction that causes them, sent after commit."""

from __future__ import annotations

from kernel.jobs import send_after_commit
from orders.models import Notification, Order, SubOrder
from orders.tasks import send_notification, send_notifications


def queue_notification(
    *,
    kind: str,
    recipient,
    order: Order,
    suborder: SubOrder | None = None,
    return_request=None,
    dedupe_key: str,
) -> Notification | None:
    """Write the outbox row (once per dedupe_key) and enqueue its task after commit.

    If the broker is down at commit time the row stays pending and
    ``send_pending_notifications`` sends it later.
    """
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "recipient": recipient,
            "language": recipient.preferred_language or "en",
            "order": order,
            "suborder": suborder,
            "return_request": return_request,
        },
    )
    if not created:
        return None
    send_after_commit(send_notification, notification.pk)
    return notification


def queue_new_notifications(notifications: list[Notification]) -> None:
    """Insert fresh outbox rows in one statement (their dedupe keys name new objects) and
    hand them to Celery after commit in one message."""
    for notification in notifications:
        notification.language = notification.recipient.preferred_language or "en"
    Notification.objects.bulk_create(notifications)
    if notifications:
        send_after_commit(send_notifications, [n.pk for n in notifications])


def placement_notices(order: Order, suborders) -> list[Notification]:
    """The buyer's confirmation and each part's new-order notice, unsaved. Their dedupe
    keys are the same whenever they are made, so a notice is never queued twice."""
    notices = [
        Notification(
            kind=Notification.Kind.ORDER_CONFIRMATION,
            recipient=order.buyer,
            order=order,
            dedupe_key=f"order_confirmation:{order.pk}",
        )
    ]
    notices += [
        Notification(
            kind=Notification.Kind.NEW_ORDER,
            recipient=suborder.seller.user,
            order=order,
            suborder=suborder,
            dedupe_key=f"new_order:{suborder.pk}",
        )
        for suborder in suborders
    ]
    return notices


def queue_placement_notices(order: Order) -> None:
    """The placement notices of an order whose notices waited until it was paid (once each,
    whatever was queued before)."""
    parts = order.suborders.exclude(status=SubOrder.Status.CANCELLED).select_related("seller__user")
    for notice in placement_notices(order, parts.order_by("pk")):
        queue_notification(
            kind=notice.kind,
            recipient=notice.recipient,
            order=order,
            suborder=notice.suborder,
            dedupe_key=notice.dedupe_key,
        )
