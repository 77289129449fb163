"""Returns: who may ask, one table of allowed moves, and one function that makes them.

A buyer asks within ``RETURN_WINDOW_DAYS`` of delivery; the artisan accepts or refuses
with a reason; a refusal can be disputed and operations decide; an accepted return gets a
pickup, and once the artisan has the item back the money goes back to the buyer: through
the payment method (the gateway refunds a prepaid order) or, for cash on delivery, paid
by operations to the UPI id or bank account the buyer gave. Stock comes back only when
the artisan says the item can be sold again.

Return protection: a sub-order whose items are worth more than
``RETURN_PROTECTION_THRESHOLD`` (whatever the craft: a ₹12,000 brass lamp is as easy to
swap as a Banarasi sari) needs packing photos before it is shipped, and any return of it
needs the buyer's photos. It is decided per sub-order, because that is the parcel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from kernel.jobs import enqueue_after_commit
from orders import rollups
from orders.models import (
    Order,
    OrderLine,
    PackingPhoto,
    ReturnEvent,
    ReturnPhoto,
    ReturnRequest,
    SubOrder,
)
from orders.notifications import queue_notification
from orders.payments import get_payment_method

R = ReturnRequest.Status

#: Which status may follow which. A refused return can be disputed once; operations then
#: accept it or uphold the refusal (closed). Nothing leaves refunded or closed.
TRANSITIONS: dict[str, frozenset[str]] = {
    R.REQUESTED: frozenset({R.ACCEPTED, R.REJECTED}),
    R.REJECTED: frozenset({R.DISPUTED}),
    R.DISPUTED: frozenset({R.ACCEPTED, R.CLOSED}),
    R.ACCEPTED: frozenset({R.PICKUP}),
    R.PICKUP: frozenset({R.RECEIVED}),
    R.RECEIVED: frozenset({R.REFUNDED}),
    R.REFUNDED: frozenset(),
    R.CLOSED: frozenset(),
}

#: Returns waiting for the artisan (to decide, to book a pickup, to receive).
ARTISAN_TO_ACT = (R.REQUESTED, R.ACCEPTED, R.PICKUP)
#: Returns that still count against the line's quantity.
_COUNTING = [s for s in R.values if s != R.CLOSED]

MAX_PHOTOS = 4


class ReturnError(Exception):
    """The return (or its next step) was refused; ``message`` is for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


# --- rules ---------------------------------------------------------------------------


def protection_threshold() -> Decimal:
    return Decimal(str(settings.RETURN_PROTECTION_THRESHOLD))


def is_protected(suborder: SubOrder) -> bool:
    """Whether this parcel is worth more than the return-protection threshold."""
    return suborder.subtotal > protection_threshold()


def window_closes_on(suborder: SubOrder) -> date | None:
    """The last day (India time) a return may be asked for; None before delivery."""
    if suborder.status != SubOrder.Status.DELIVERED or suborder.delivered_at is None:
        return None
    delivered = timezone.localdate(suborder.delivered_at)
    return delivered + timezone.timedelta(days=settings.RETURN_WINDOW_DAYS)


def returnable_quantity(line: OrderLine) -> int:
    """How many items of the line may still be returned (refused-and-closed ones count 0)."""
    taken = line.returns.filter(status__in=_COUNTING).aggregate(n=Sum("quantity"))["n"] or 0
    return max(0, line.quantity - taken)


@dataclass(frozen=True)
class Payout:
    """Where a cash-on-delivery refund goes: a UPI id, or a bank account."""

    upi_id: str = ""
    account_name: str = ""
    account_number: str = ""
    ifsc: str = ""

    def __bool__(self) -> bool:
        return bool(self.upi_id or self.account_number)


# --- asking --------------------------------------------------------------------------


@transaction.atomic
def request_return(
    *,
    line: OrderLine,
    buyer,
    quantity: int,
    reason: str,
    note: str = "",
    photos: Sequence[UploadedFile] = (),
    payout: Payout | None = None,
    today: date | None = None,
) -> ReturnRequest:
    """The buyer asks to return ``quantity`` items of ``line``, with up to 4 photos.

    The sub-order is locked so that two submissions cannot return more than was bought.
    Photos are written with the request and cleaned (metadata stripped, rendition made)
    by a job after commit. The artisan is told after commit.
    """
    suborder = SubOrder.objects.select_for_update().select_related("order").get(pk=line.suborder_id)
    order: Order = suborder.order
    if order.buyer_id != buyer.pk:
        raise ReturnError(_("This order is not yours."))
    last_day = window_closes_on(suborder)
    if last_day is None:
        raise ReturnError(_("You can ask for a return once the parcel has been delivered."))
    if (today or timezone.localdate()) > last_day:
        raise ReturnError(
            _("Returns were possible until %(date)s (%(days)s days after delivery).")
            % {"date": last_day.strftime("%d.%m.%Y"), "days": settings.RETURN_WINDOW_DAYS}
        )
    available = returnable_quantity(line)
    if available == 0:
        raise ReturnError(_("A return of this item has already been asked for."))
    if not 1 <= quantity <= available:
        raise ReturnError(_("You can return 1 to %(count)d of this item.") % {"count": available})
    if reason not in ReturnRequest.Reason.values:
        raise ReturnError(_("Choose why you are returning the item."))
    if len(photos) > MAX_PHOTOS:
        raise ReturnError(_("Add at most %(count)d photos.") % {"count": MAX_PHOTOS})
    protected = is_protected(suborder)
    if protected and not photos:
        raise ReturnError(
            _(
                "This parcel has return protection: add at least one photo of the item, "
                "with its tag, as you received it."
            )
        )
    is_cod = order.payment_method == "cod"
    if is_cod and not payout:
        raise ReturnError(
            _("Tell us the UPI id or the bank account where we should send your money.")
        )
    payout = payout if is_cod and payout else Payout()
    return_request = ReturnRequest.objects.create(
        line=line,
        suborder=suborder,
        buyer=buyer,
        quantity=quantity,
        reason=reason,
        note=note.strip()[:1000],
        is_protected=protected,
        refund_amount=line.unit_price * quantity,
        payout_upi_id=payout.upi_id,
        payout_account_name=payout.account_name,
        payout_account_number=payout.account_number,
        payout_ifsc=payout.ifsc,
    )
    save_photos(ReturnPhoto, photos, return_request=return_request)
    ReturnEvent.objects.create(
        return_request=return_request, to_status=R.REQUESTED, by=buyer, note=note.strip()[:500]
    )
    _notify(return_request, R.REQUESTED)
    return return_request


def save_photos(model: type[ReturnPhoto] | type[PackingPhoto], photos, **owner) -> list:
    """Store the uploads (private) and clean them in a job once the transaction commits."""
    from orders.tasks import process_evidence_photo_task

    saved = []
    for upload in photos:
        photo = model(**owner)
        photo.original.save(upload.name or "photo.jpg", upload, save=False)
        photo.save()
        enqueue_after_commit(process_evidence_photo_task, photo.kind, photo.pk)
        saved.append(photo)
    return saved


# --- moving a return -----------------------------------------------------------------


@transaction.atomic
def transition_return(
    *, return_request: ReturnRequest, to_status: str, by, note: str = "", **fields
) -> ReturnRequest:
    """Move a return to ``to_status`` if the table allows it, record who did it and why,
    and tell the people concerned after commit.

    The write is ``UPDATE … WHERE status = <the status we checked>``: two clicks change it
    once, so stock comes back and money goes back once.
    """
    pk = return_request.pk
    current = ReturnRequest.objects.filter(pk=pk).values_list("status", flat=True).first()
    if current is None or not can_transition(current, to_status):
        raise ReturnError(
            _("This return is “%(current)s” and cannot become “%(target)s”.")
            % {"current": R(current).label if current else "?", "target": R(to_status).label}
        )
    changed = ReturnRequest.objects.filter(pk=pk, status=current).update(
        status=to_status, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise ReturnError(_("This return was changed meanwhile. Please look at it again."))
    ReturnEvent.objects.create(
        return_request_id=pk, from_status=current, to_status=to_status, by=by, note=note[:500]
    )
    return_request.refresh_from_db()
    if to_status == R.ACCEPTED:  # it now counts towards the dashboard's return rate
        rollups.mark_part_stale(return_request.suborder)
    _notify(return_request, to_status, from_status=current)
    return return_request


def accept_return(*, return_request: ReturnRequest, by) -> ReturnRequest:
    return transition_return(
        return_request=return_request, to_status=R.ACCEPTED, by=by, decided_at=timezone.now()
    )


def reject_return(
    *, return_request: ReturnRequest, by, reason: str, note: str = ""
) -> ReturnRequest:
    """The artisan refuses, with a reason from the list (tag missing, different product…)."""
    note = note.strip()
    if reason not in ReturnRequest.RejectionReason.values:
        raise ReturnError(_("Choose why you refuse this return."))
    if reason == ReturnRequest.RejectionReason.OTHER and not note:
        raise ReturnError(_("Explain why you refuse this return."))
    return transition_return(
        return_request=return_request,
        to_status=R.REJECTED,
        by=by,
        note=note,  # the reason itself is a field, shown in the reader's language
        rejection_reason=reason,
        rejection_note=note[:500],
        decided_at=timezone.now(),
    )


def dispute_return(*, return_request: ReturnRequest, by, note: str) -> ReturnRequest:
    """The buyer disagrees with a refusal; operations decide."""
    note = note.strip()
    if not note:
        raise ReturnError(_("Say why you disagree with the artisan."))
    return transition_return(
        return_request=return_request,
        to_status=R.DISPUTED,
        by=by,
        note=note,
        dispute_note=note[:500],
    )


def decide_dispute(*, return_request: ReturnRequest, by, accept: bool, note: str) -> ReturnRequest:
    """Operations settle a dispute: the return goes ahead (accepted) or the refusal stands."""
    note = note.strip()
    if not note:
        raise ReturnError(_("Give the reason for the decision."))
    return transition_return(
        return_request=return_request,
        to_status=R.ACCEPTED if accept else R.CLOSED,
        by=by,
        note=note,
        decision_note=note[:500],
    )


def book_pickup(
    *, return_request: ReturnRequest, by, courier: str, tracking_number: str
) -> ReturnRequest:
    courier, tracking_number = courier.strip(), tracking_number.strip()
    if not courier or not tracking_number:
        raise ReturnError(_("Enter the courier and the tracking number of the pickup."))
    return transition_return(
        return_request=return_request,
        to_status=R.PICKUP,
        by=by,
        note=f"{courier} {tracking_number}",
        pickup_courier=courier[:100],
        pickup_tracking_number=tracking_number[:100],
    )


@transaction.atomic
def mark_received(*, return_request: ReturnRequest, by, is_resellable: bool) -> ReturnRequest:
    """The artisan has the item back: stock returns if resellable, then the refund.

    A prepaid order is refunded through its payment method (the gateway refund is queued in
    this transaction and sent after commit) and the return is refunded at once; a cash on
    delivery return waits for operations to pay the buyer (``mark_cod_refund_paid``).
    """
    return_request = transition_return(
        return_request=return_request,
        to_status=R.RECEIVED,
        by=by,
        is_resellable=is_resellable,
        received_at=timezone.now(),
    )
    product_id = return_request.line.product_id
    if is_resellable and product_id:
        Product.objects.filter(pk=product_id).update(stock=F("stock") + return_request.quantity)
    order = return_request.suborder.order
    reference = get_payment_method(order.payment_method).refund_return(
        return_request=return_request
    )
    if reference:  # the gateway's refund key: not a note for people
        return_request = _refunded(return_request, by=by, reference=reference, note="")
    return return_request


def mark_cod_refund_paid(*, return_request: ReturnRequest, by, reference: str) -> ReturnRequest:
    """Operations paid a cash-on-delivery buyer's refund (UPI or bank) with ``reference``."""
    reference = reference.strip()
    if not reference:
        raise ReturnError(_("Enter the UPI or bank reference of the payment."))
    if not return_request.is_cash_on_delivery_refund:
        raise ReturnError(_("This return is refunded through the payment gateway."))
    return _refunded(return_request, by=by, reference=reference, note=reference)


def _refunded(return_request: ReturnRequest, *, by, reference: str, note: str) -> ReturnRequest:
    return transition_return(
        return_request=return_request,
        to_status=R.REFUNDED,
        by=by,
        note=note,
        refunded_amount=return_request.refund_amount,
        refunded_at=timezone.now(),
        refund_reference=reference[:100],
    )


# --- notices -------------------------------------------------------------------------

_BUYER = "buyer"
_ARTISAN = "artisan"

#: Who hears of each step (the notice kind is 'return_<step>', or 'return_decided').
_NOTICES: dict[str, tuple[str, tuple[str, ...]]] = {
    R.REQUESTED: ("return_requested", (_ARTISAN,)),
    R.ACCEPTED: ("return_accepted", (_BUYER,)),
    R.REJECTED: ("return_rejected", (_BUYER,)),
    R.DISPUTED: ("return_disputed", (_ARTISAN,)),
    R.CLOSED: ("return_decided", (_BUYER, _ARTISAN)),
    R.PICKUP: ("return_pickup", (_BUYER,)),
    R.RECEIVED: ("return_received", (_BUYER,)),
    R.REFUNDED: ("return_refunded", (_BUYER,)),
}


def _notify(return_request: ReturnRequest, to_status: str, *, from_status: str = "") -> None:
    kind, audience = _NOTICES[to_status]
    if to_status == R.ACCEPTED and from_status == R.DISPUTED:
        kind, audience = "return_decided", (_BUYER, _ARTISAN)
    suborder = return_request.suborder
    recipients = {_BUYER: return_request.buyer, _ARTISAN: suborder.seller.user}
    for who in audience:
        recipient = recipients[who]
        queue_notification(
            kind=kind,
            recipient=recipient,
            order=suborder.order,
            suborder=suborder,
            return_request=return_request,
            dedupe_key=f"{kind}:{return_request.pk}:{recipient.pk}",
        )
