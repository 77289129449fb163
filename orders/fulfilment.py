"""Sub-order status changes: one table of allowed moves and one function that makes them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from kernel.money import format_money
from orders import rollups
from orders.models import Order, PackingPhoto, SubOrder, SubOrderEvent
from orders.notifications import queue_notification
from orders.payments import get_payment_method
from orders.returns import is_protected, protection_threshold

S = SubOrder.Status

#: Which status may follow which. Cancelling restocks; nothing leaves delivered/cancelled.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLACED: frozenset({S.ACCEPTED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}

#: Timestamp field set when a sub-order reaches each status.
_STAMPS = {
    S.ACCEPTED: "accepted_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.CANCELLED: "cancelled_at",
}

#: Statuses a buyer may still cancel from (nothing has left the workshop).
BUYER_CANCELLABLE = frozenset({S.PLACED, S.ACCEPTED})


class TransitionError(Exception):
    """The status change was refused; ``message`` is for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


@transaction.atomic
def transition_suborder(
    *,
    suborder: SubOrder,
    to_status: str,
    by,
    note: str = "",
    courier: str = "",
    tracking_number: str = "",
) -> SubOrder:
    """Move a sub-order to ``to_status`` if the table allows it, and record who did it.

    The write is ``UPDATE … WHERE status = <the status we checked>``, so two people
    pressing a button at once (or one person twice) change it once: a cancel restocks
    exactly once. Shipping needs a courier and tracking number; cancelling needs a reason.
    Notifications to the buyer are queued in the same transaction and sent after commit.
    """
    current = SubOrder.objects.filter(pk=suborder.pk).values_list("status", flat=True).first()
    if current is None or not can_transition(current, to_status):
        raise TransitionError(
            _("This order is %(current)s and cannot be marked %(target)s.")
            % {"current": S(current).label if current else "?", "target": S(to_status).label}
        )
    fields: dict = {"status": to_status, "updated_at": timezone.now()}
    fields[_STAMPS[to_status]] = fields["updated_at"]
    if to_status == S.SHIPPED:
        courier, tracking_number = courier.strip(), tracking_number.strip()
        if not courier or not tracking_number:
            raise TransitionError(
                _("Enter the courier and the tracking number to mark it shipped.")
            )
        fields.update(courier=courier, tracking_number=tracking_number)
        photos = PackingPhoto.objects.filter(suborder_id=suborder.pk)  # not a prefetched copy
        if is_protected(suborder) and not photos.exists():
            raise TransitionError(
                _(
                    "This parcel is worth more than %(threshold)s, so it has return "
                    "protection: add at least one photo of the packed item with its tag "
                    "before marking it shipped."
                )
                % {"threshold": format_money(protection_threshold())}
            )
    if to_status == S.CANCELLED:
        note = note.strip()
        if not note:
            raise TransitionError(_("Say why the order is cancelled."))
        fields["cancel_reason"] = note[:300]
    changed = SubOrder.objects.filter(pk=suborder.pk, status=current).update(**fields)
    if not changed:
        raise TransitionError(_("This order was changed meanwhile. Please look at it again."))
    if to_status == S.CANCELLED:
        _restock(suborder)
        rollups.mark_part_stale(suborder)
    SubOrderEvent.objects.create(
        suborder_id=suborder.pk, from_status=current, to_status=to_status, by=by, note=note[:300]
    )
    suborder.refresh_from_db()
    _notify(suborder, to_status)
    _tell_payment_method(suborder, to_status)
    return suborder


def _tell_payment_method(suborder: SubOrder, to_status: str) -> None:
    """A cancel takes the part's total (items and shipping) off what the buyer owes."""
    method = get_payment_method(suborder.order.payment_method)
    if to_status == S.CANCELLED:
        method.on_cancelled(suborder=suborder, amount=suborder.total)
    elif to_status == S.DELIVERED:
        method.on_delivered(suborder=suborder)


def _restock(suborder: SubOrder) -> None:
    """Put the lines back on the shelf, in product-pk order like place_order takes them."""
    lines = suborder.lines.filter(product__isnull=False).order_by("product_id")
    for product_id, quantity in lines.values_list("product_id", "quantity"):
        Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)


def _notify(suborder: SubOrder, to_status: str) -> None:
    if to_status not in (S.SHIPPED, S.CANCELLED):
        return
    order = suborder.order
    queue_notification(
        kind=to_status,
        recipient=order.buyer,
        order=order,
        suborder=suborder,
        dedupe_key=f"{to_status}:{suborder.pk}",
    )


@transaction.atomic
def cancel_order(*, order: Order, by, reason: str) -> list[SubOrder]:
    """The buyer cancels every part of an order, only while no part has shipped."""
    suborders = list(order.suborders.order_by("pk"))
    if any(s.status in (S.SHIPPED, S.DELIVERED) for s in suborders):
        raise TransitionError(
            _("Part of this order has already shipped, so the whole order cannot be cancelled.")
        )
    open_ones = [s for s in suborders if s.status in BUYER_CANCELLABLE]
    if not open_ones:
        raise TransitionError(_("There is nothing left to cancel in this order."))
    return [
        transition_suborder(suborder=s, to_status=S.CANCELLED, by=by, note=reason)
        for s in open_ones
    ]
