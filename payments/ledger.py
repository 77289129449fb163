"""Posting to the artisans' append-only ledger.

Each money event becomes rows keyed '<source>:<id>:<kind>' (unique in the database), so
posting twice posts nothing new. Sources, each one function that returns unsaved rows:

- a delivered sub-order: sale, shipping, commission, GST TCS and income-tax TDS
  (``suborder_rows``), payable once the return window after delivery has passed;
- a processed gateway refund of a delivered sub-order (``refund_rows``): the refund, and
  back the commission and taxes withheld on what was refunded;
- a refunded return (``refunded_return_rows``): its refunded amount off, and back the
  commission and taxes withheld on it, rows like a refund's; a return's gateway refund
  (key 'return:<id>') is therefore not posted again as a refund;
- an adjustment by operations, with a mandatory reason (``post_adjustment``).

``accrue`` posts the rows of every source in ``SOURCES`` that has none yet; it runs from
the payout run, from a beat task and, for online payments, in the transaction that marks
delivery. A new source is one more function in ``SOURCES``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import ReturnRequest, SubOrder
from orders.return_selectors import refunded_returns
from payments.models import CommissionRate, LedgerEntry, Refund

K = LedgerEntry.Kind
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class LedgerError(ValueError):
    """Refused: ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return money(Decimal(amount) * Decimal(percent) / HUNDRED)


# --- rates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RatePeriod:
    starts_on: dt.date
    ends_on: dt.date | None
    percent: Decimal


def parse_schedule(text: str) -> list[RatePeriod]:
    """'2018-10-01:1.00,2024-07-10:0.50' → dated periods, each ending where the next starts."""
    points = []
    for part in (p.strip() for p in text.split(",")):
        if part:
            day, percent = part.split(":")
            points.append((dt.date.fromisoformat(day), Decimal(percent)))
    points.sort()
    periods = []
    for index, (day, percent) in enumerate(points):
        following = points[index + 1][0] if index + 1 < len(points) else None
        ends_on = following - dt.timedelta(days=1) if following else None
        periods.append(RatePeriod(day, ends_on, percent))
    return periods


@cache
def _schedule(text: str) -> tuple[RatePeriod, ...]:
    return tuple(parse_schedule(text))


def tax_periods(kind: str) -> tuple[RatePeriod, ...]:
    """The dated GST TCS or income-tax TDS rates from settings."""
    return _schedule(settings.GST_TCS_RATES if kind == K.TCS else settings.TDS_194O_RATES)


def tax_rate(kind: str, day: dt.date) -> Decimal:
    """The TCS or TDS percent in force on ``day`` (0 before the first period)."""
    rate = Decimal("0")
    for period in tax_periods(kind):
        if period.starts_on <= day:
            rate = period.percent
    return rate


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def commission_percent(
    *, seller, day: dt.date, rates: Iterable[CommissionRate] | None = None
) -> Decimal:
    """The commission percent for an order ``seller`` received on ``day``.

    A promotion in force that applies to the artisan (lowest wins), else the artisan's
    own rate, else their craft's, else the marketplace default row, else the setting.
    """
    if rates is None:
        rates = CommissionRate.objects.all()
    in_force = [r for r in rates if r.starts_on <= day and (r.ends_on is None or day <= r.ends_on)]
    approved = timezone.localdate(seller.reviewed_at) if seller.reviewed_at else None

    def covers(rate: CommissionRate) -> bool:
        if rate.seller_id not in (None, seller.pk) or rate.craft_id not in (None, seller.craft_id):
            return False
        if rate.first_months is not None:
            return approved is not None and _months_between(approved, day) < rate.first_months
        return True

    promotions = [r.percent for r in in_force if r.is_promotion and covers(r)]
    if promotions:
        return min(promotions)
    regular = [r for r in in_force if not r.is_promotion and covers(r)]
    for level in (
        lambda r: r.seller_id is not None,
        lambda r: r.craft_id is not None,
        lambda r: True,
    ):
        chosen = sorted((r for r in regular if level(r)), key=lambda r: (r.starts_on, r.pk))
        if chosen:
            return chosen[-1].percent
    return Decimal(settings.COMMISSION_DEFAULT_PERCENT)


# --- sources ---------------------------------------------------------------------------


def payable_after_delivery(delivered_at: dt.datetime) -> dt.datetime:
    return delivered_at + dt.timedelta(days=settings.RETURN_WINDOW_DAYS)


def suborder_rows(suborder: SubOrder, *, rates=None) -> list[LedgerEntry]:
    """The rows of a delivered sub-order (unsaved). Commission and taxes use the rates in
    force on the day the order was placed."""
    day = timezone.localdate(suborder.order.placed_at)
    at = suborder.delivered_at
    common = {
        "seller_id": suborder.seller_id,
        "suborder_id": suborder.pk,
        "occurred_at": at,
        "payable_at": payable_after_delivery(at),
    }
    key = f"suborder:{suborder.pk}"
    cod = suborder.order.payment_method == "cod"
    collector = LedgerEntry.Collector.COURIER if cod else LedgerEntry.Collector.GATEWAY
    commission = commission_percent(seller=suborder.seller, day=day, rates=rates)
    gross = suborder.subtotal + suborder.shipping
    rows = [
        LedgerEntry(
            kind=K.SALE,
            amount=suborder.subtotal,
            key=f"{key}:sale",
            collected_by=collector,
            **common,
        ),
        LedgerEntry(
            kind=K.SHIPPING,
            amount=suborder.shipping,
            key=f"{key}:shipping",
            collected_by=collector,
            **common,
        ),
        LedgerEntry(
            kind=K.COMMISSION,
            amount=-percent_of(suborder.subtotal, commission),
            key=f"{key}:commission",
            rate=commission,
            base=suborder.subtotal,
            **common,
        ),
    ]
    for kind in (K.TCS, K.TDS):
        rate = tax_rate(kind, day)
        rows.append(
            LedgerEntry(
                kind=kind,
                amount=-percent_of(gross, rate),
                key=f"{key}:{kind}",
                rate=rate,
                base=gross,
                **common,
            )
        )
    return [row for row in rows if row.amount]


def _reversal_rows(
    *, kind: str, key: str, suborder: SubOrder, amount: Decimal, at: dt.datetime, rates=None
) -> list[LedgerEntry]:
    """Money back to the buyer for part of a delivered sub-order: the amount off, and the
    commission (on the items' share) and taxes withheld on it given back."""
    day = timezone.localdate(suborder.order.placed_at)
    amount = money(amount)
    items_share = min(amount, suborder.subtotal)
    commission = commission_percent(seller=suborder.seller, day=day, rates=rates)
    common = {
        "seller_id": suborder.seller_id,
        "suborder_id": suborder.pk,
        "occurred_at": at,
        "payable_at": at,
    }
    rows = [LedgerEntry(kind=kind, amount=-amount, key=f"{key}:{kind}", **common)]
    rows.append(
        LedgerEntry(
            kind=K.COMMISSION,
            amount=percent_of(items_share, commission),
            key=f"{key}:commission",
            rate=commission,
            base=items_share,
            **common,
        )
    )
    for tax in (K.TCS, K.TDS):
        rate = tax_rate(tax, day)
        rows.append(
            LedgerEntry(
                kind=tax,
                amount=percent_of(amount, rate),
                key=f"{key}:{tax}",
                rate=rate,
                base=amount,
                **common,
            )
        )
    return [row for row in rows if row.amount]


def refund_rows(refund: Refund, *, rates=None) -> list[LedgerEntry]:
    """A processed gateway refund of a delivered sub-order (unsaved rows)."""
    rows = _reversal_rows(
        kind=K.REFUND,
        key=f"refund:{refund.pk}",
        suborder=refund.suborder,
        amount=refund.amount,
        at=refund.processed_at or refund.updated_at,
        rates=rates,
    )
    for row in rows:
        row.refund_id = refund.pk
    return rows


# --- posting ---------------------------------------------------------------------------


def _post(rows: list[LedgerEntry]) -> int:
    """Insert rows whose key is new; returns how many were new."""
    if not rows:
        return 0
    posted = set(
        LedgerEntry.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True)
    )
    new = [row for row in rows if row.key not in posted]
    # ignore_conflicts: a concurrent accrual that posted the same key first wins.
    LedgerEntry.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
    return len(new)


def suborders_to_accrue():
    """Delivered sub-orders with no sale row yet."""
    posted = LedgerEntry.objects.filter(suborder=OuterRef("pk"), kind=K.SALE)
    return SubOrder.objects.filter(
        status=SubOrder.Status.DELIVERED, delivered_at__isnull=False
    ).filter(~Exists(posted))


def ledgered_refunds():
    """Processed gateway refunds of delivered sub-orders that are ledgered as refunds
    (a return's refund, keyed 'return:<id>', is ledgered with its return)."""
    return Refund.objects.filter(
        status=Refund.Status.PROCESSED, suborder__status=SubOrder.Status.DELIVERED
    ).exclude(key__startswith="return:")


def refunds_to_accrue():
    """Ledgered refunds with no refund row yet."""
    posted = LedgerEntry.objects.filter(refund=OuterRef("pk"), kind=K.REFUND)
    return ledgered_refunds().filter(~Exists(posted))


def return_key(return_request: ReturnRequest) -> str:
    return f"return:{return_request.pk}"


def returns_to_accrue():
    """Refunded returns with no return-reversal row yet."""
    key = Concat(Value("return:"), Cast(OuterRef("pk"), CharField()), Value(f":{K.RETURN}"))
    return refunded_returns().filter(~Exists(LedgerEntry.objects.filter(key=key)))


def refunded_return_rows_of(return_request: ReturnRequest, *, rates=None) -> list[LedgerEntry]:
    """A refunded return's rows (unsaved), dated when the money went back."""
    return _reversal_rows(
        kind=K.RETURN,
        key=return_key(return_request),
        suborder=return_request.suborder,
        amount=return_request.refunded_amount,
        at=return_request.refunded_at,
        rates=rates,
    )


#: A source of ledger rows: given the commission rates and (optionally) the artisans to
#: limit to, the unsaved rows of its events not yet posted, in batches. A new source (the
#: returns' refunded amounts, say) is one such function added to SOURCES.
Source = Callable[[list[CommissionRate], list[int] | None, int], Iterator[list[LedgerEntry]]]


def delivered_suborder_rows(rates, seller_ids, batch) -> Iterator[list[LedgerEntry]]:
    suborders = suborders_to_accrue().select_related("order", "seller").order_by("pk")
    if seller_ids is not None:
        suborders = suborders.filter(seller_id__in=seller_ids)
    while True:  # each batch is posted before the next is read, so the query moves on
        chunk = list(suborders[:batch])
        if not chunk:
            return
        yield [row for s in chunk for row in suborder_rows(s, rates=rates)]
        if len(chunk) < batch:
            return


def processed_refund_rows(rates, seller_ids, batch) -> Iterator[list[LedgerEntry]]:
    refunds = refunds_to_accrue().select_related("suborder__order", "suborder__seller")
    if seller_ids is not None:
        refunds = refunds.filter(suborder__seller_id__in=seller_ids)
    yield [row for r in refunds.order_by("pk") for row in refund_rows(r, rates=rates)]


def refunded_return_rows(rates, seller_ids, batch) -> Iterator[list[LedgerEntry]]:
    returns = returns_to_accrue().select_related("suborder__order", "suborder__seller")
    if seller_ids is not None:
        returns = returns.filter(suborder__seller_id__in=seller_ids)
    yield [row for r in returns for row in refunded_return_rows_of(r, rates=rates)]


SOURCES: list[Source] = [delivered_suborder_rows, processed_refund_rows, refunded_return_rows]


def accrue(*, seller_ids: Iterable[int] | None = None, batch: int = 2000) -> int:
    """Post the rows of every source event (delivered sub-orders, processed refunds,
    refunded returns) that has none yet.

    Safe to run twice, or twice at once: the unique keys keep one copy of each row.
    Returns the number of rows posted.
    """
    rates = list(CommissionRate.objects.all())
    ids = None if seller_ids is None else list(seller_ids)
    posted = 0
    for source in SOURCES:
        for rows in source(rates, ids, batch):
            with transaction.atomic():
                posted += _post(rows)
    return posted


def accrue_suborder(*, suborder: SubOrder) -> int:
    """Post one delivered sub-order's rows now (in the delivering transaction)."""
    suborder = SubOrder.objects.select_related("order", "seller").get(pk=suborder.pk)
    if suborder.status != SubOrder.Status.DELIVERED or suborder.delivered_at is None:
        return 0
    return _post(suborder_rows(suborder))


@transaction.atomic
def post_adjustment(*, seller, amount: Decimal, reason: str, by) -> LedgerEntry:
    """A correction by operations: a new row (payable now) with a mandatory reason."""
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(_("Say why the adjustment is made."))
    if amount is None or money(amount) == 0:
        raise LedgerError(_("Enter an amount other than zero."))
    now = timezone.now()
    count = LedgerEntry.objects.filter(seller=seller, kind=K.ADJUSTMENT).count()
    return LedgerEntry.objects.create(
        seller=seller,
        kind=K.ADJUSTMENT,
        amount=money(amount),
        key=f"adjustment:{seller.pk}:{count + 1}:{now.timestamp():.6f}",
        reason=reason[:300],
        created_by=by,
        occurred_at=now,
        payable_at=now,
    )
