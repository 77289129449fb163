"""Read-side queries about returns: the buyer's order page, the artisan's list, the ledger."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from orders.models import PackingPhoto, ReturnPhoto, ReturnRequest, SubOrder
from orders.returns import ARTISAN_TO_ACT, window_closes_on


def returns_prefetch() -> Prefetch:
    """A line's returns with their photos, for pages that show lines (two queries)."""
    return Prefetch(
        "returns",
        queryset=ReturnRequest.objects.prefetch_related(
            Prefetch("photos", queryset=ReturnPhoto.objects.order_by("pk"))
        ).order_by("pk"),
    )


def returns_for_seller(seller, *, to_act_only: bool = False) -> QuerySet[ReturnRequest]:
    qs = (
        ReturnRequest.objects.filter(suborder__seller=seller)
        .select_related("suborder__order", "line")
        .annotate(photo_count=Count("photos"))
        .order_by("-created_at", "-pk")
    )
    if to_act_only:
        qs = qs.filter(status__in=ARTISAN_TO_ACT)
    return qs


def return_for_seller(seller, pk: int) -> ReturnRequest | None:
    return (
        ReturnRequest.objects.filter(suborder__seller=seller, pk=pk)
        .select_related("suborder__order", "line", "buyer")
        .prefetch_related(
            Prefetch("photos", queryset=ReturnPhoto.objects.order_by("pk")),
            Prefetch("suborder__packing_photos", queryset=PackingPhoto.objects.order_by("pk")),
            "events__by",
        )
        .first()
    )


def returns_to_act_count(seller) -> int:
    """For the console dashboard: returns waiting for the artisan's answer or action."""
    return ReturnRequest.objects.filter(suborder__seller=seller, status__in=ARTISAN_TO_ACT).count()


def refunded_returns(
    *, seller=None, since: datetime | None = None, until: datetime | None = None
) -> QuerySet[ReturnRequest]:
    """Returns whose money has gone back to the buyer, for the ledger's return reversals.

    Each row's ``refunded_amount`` (Decimal rupees, items only) left the artisan's sales
    at ``refunded_at``; ``suborder.seller`` is the artisan.
    """
    qs = ReturnRequest.objects.filter(status=ReturnRequest.Status.REFUNDED)
    if seller is not None:
        qs = qs.filter(suborder__seller=seller)
    if since is not None:
        qs = qs.filter(refunded_at__gte=since)
    if until is not None:
        qs = qs.filter(refunded_at__lt=until)
    return qs.select_related("suborder__seller").order_by("refunded_at", "pk")


def refunded_total(suborder: SubOrder) -> Decimal:
    refunded = suborder.returns.filter(status=ReturnRequest.Status.REFUNDED)
    total = refunded.aggregate(s=Sum("refunded_amount"))["s"]
    return total or Decimal("0.00")


def mark_returnable(order, today: date) -> None:
    """Set ``return_last_day`` on each part of a prefetched order and ``returnable`` (how
    many items may still be returned now) on each line, without further queries."""
    for suborder in order.suborders.all():
        suborder.return_last_day = window_closes_on(suborder)
        is_open = suborder.return_last_day is not None and today <= suborder.return_last_day
        for line in suborder.lines.all():
            taken = sum(r.quantity for r in line.returns.all() if r.status != "closed")
            line.returnable = max(0, line.quantity - taken) if is_open else 0
