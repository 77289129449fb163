"""Reads of the artisans' ledger: balance, what is payable and when, payouts, statements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.money import format_money
from payments import ledger
from payments.models import LedgerEntry, Payout
from payments.payouts import unpaid_payable

ZERO = Decimal("0.00")
K = LedgerEntry.Kind


def _sum(queryset) -> Decimal:
    return ledger.money(queryset.aggregate(total=Sum("amount"))["total"] or ZERO)


@dataclass
class Earnings:
    balance: Decimal
    payable_now: Decimal
    upcoming: list[tuple[dt.date, Decimal]]
    payouts: list[Payout]


def earnings_for(seller, *, now=None) -> Earnings:
    """The artisan's balance, what can be paid now, what becomes payable on which day,
    and their latest payouts (4 queries)."""
    now = now or timezone.now()
    unpaid = unpaid_payable(now=now + dt.timedelta(days=3650)).filter(seller=seller)
    upcoming = (
        unpaid.filter(payable_at__gt=now)
        .annotate(day=TruncDate("payable_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(total=Sum("amount"))
        .order_by("day")
    )
    return Earnings(
        balance=_sum(LedgerEntry.objects.filter(seller=seller)),
        payable_now=_sum(unpaid.filter(payable_at__lte=now)),
        upcoming=[(row["day"], ledger.money(row["total"])) for row in upcoming if row["total"]],
        payouts=list(Payout.objects.filter(seller=seller).order_by("-created_at", "-pk")[:12]),
    )


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start, end


def statement_months(seller) -> list[dt.date]:
    """The months (first days) in which the artisan has ledger rows, newest first."""
    tz = timezone.get_current_timezone()
    days = (
        LedgerEntry.objects.filter(seller=seller)
        .annotate(day=TruncDate("occurred_at", tzinfo=tz))
        .order_by()  # no default ordering: DISTINCT over the days alone
        .values_list("day", flat=True)
        .distinct()
    )
    return sorted({d.replace(day=1) for d in days}, reverse=True)


@dataclass
class StatementLine:
    date: dt.date
    kind: str
    label: str
    order: str
    description: str
    rate: Decimal | None
    amount: Decimal
    balance: Decimal


@dataclass
class Statement:
    seller: object
    month: dt.date
    opening: Decimal
    lines: list[StatementLine]
    closing: Decimal
    credits: Decimal
    debits: Decimal
    tax_rates: list[tuple[str, Decimal]]


def _describe(entry: LedgerEntry) -> str:
    if entry.kind == K.PAYOUT:
        reference = entry.payout.reference if entry.payout_id else ""
        if entry.amount > 0:
            return _("Payout %(ref)s returned by the bank") % {"ref": reference}
        return _("Payout %(ref)s") % {"ref": reference}
    if entry.kind == K.ADJUSTMENT:
        return entry.reason
    if entry.kind in (K.COMMISSION, K.TCS, K.TDS) and entry.base is not None:
        text = _("%(rate)s%% of %(base)s") % {"rate": entry.rate, "base": format_money(entry.base)}
        if entry.amount > 0:
            text = _("given back: %(text)s") % {"text": text}
        return text
    if entry.collected_by:
        return entry.get_collected_by_display()
    return entry.reason


def statement(seller, *, year: int, month: int) -> Statement:
    """One month of the artisan's ledger with a running balance (2 queries)."""
    start, end = month_bounds(year, month)
    rows = LedgerEntry.objects.filter(seller=seller)
    opening = _sum(rows.filter(occurred_at__lt=start))
    entries = (
        rows.filter(occurred_at__gte=start, occurred_at__lt=end)
        .select_related("suborder__order", "payout")
        .order_by("occurred_at", "pk")
    )
    balance = opening
    lines = []
    for entry in entries:
        balance += entry.amount
        lines.append(
            StatementLine(
                date=timezone.localtime(entry.occurred_at).date(),
                kind=entry.kind,
                label=entry.get_kind_display(),
                order=entry.suborder.order.number if entry.suborder_id else "",
                description=_describe(entry),
                rate=entry.rate,
                amount=entry.amount,
                balance=balance,
            )
        )
    first = start.date()
    last = (end - dt.timedelta(days=1)).date()
    rates = []
    for kind in (K.TCS, K.TDS):
        for period in ledger.tax_periods(kind):
            if period.starts_on <= last and (period.ends_on is None or period.ends_on >= first):
                rates.append((K(kind).label, period.percent))
    return Statement(
        seller=seller,
        month=first,
        opening=opening,
        lines=lines,
        closing=balance,
        credits=sum((line.amount for line in lines if line.amount > 0), ZERO),
        debits=sum((line.amount for line in lines if line.amount < 0), ZERO),
        tax_rates=rates,
    )
