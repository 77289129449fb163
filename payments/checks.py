"""Proof that every artisan's ledger adds up to the orders, refunds and payouts behind it.

The rows each source should have posted are computed again from the source (with the
same rules as the accrual) and compared with the rows stored, by key and amount; each
payout must equal the rows it paid, and have its own row (and its reversal if it failed).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from orders.models import SubOrder
from orders.return_selectors import refunded_returns
from payments import ledger
from payments.models import CommissionRate, LedgerEntry, Payout, PayoutLine

K = LedgerEntry.Kind


def check_ledger() -> list[str]:
    """Every problem found, one sentence each (empty: the ledger adds up)."""
    problems: list[str] = []
    stored = {
        key: (amount, seller_id)
        for key, amount, seller_id in LedgerEntry.objects.values_list("key", "amount", "seller_id")
    }
    expected: dict[str, tuple[Decimal, int]] = {}
    rates = list(CommissionRate.objects.all())
    delivered = SubOrder.objects.filter(
        status=SubOrder.Status.DELIVERED, delivered_at__isnull=False
    ).select_related("order", "seller")
    accrued = set(LedgerEntry.objects.filter(kind=K.SALE).values_list("suborder_id", flat=True))
    for suborder in delivered.iterator(chunk_size=2000):
        if suborder.pk not in accrued:
            continue  # delivered but not yet accrued: nothing claims it was
        for row in ledger.suborder_rows(suborder, rates=rates):
            expected[row.key] = (row.amount, row.seller_id)
    refunds = ledger.ledgered_refunds().select_related("suborder__order", "suborder__seller")
    refunded = set(LedgerEntry.objects.filter(kind=K.REFUND).values_list("refund_id", flat=True))
    for refund in refunds:
        if refund.pk in refunded:
            for row in ledger.refund_rows(refund, rates=rates):
                expected[row.key] = (row.amount, row.seller_id)
    returns = refunded_returns().select_related("suborder__order", "suborder__seller")
    for return_request in returns:
        if f"{ledger.return_key(return_request)}:{K.RETURN}" in stored:
            for row in ledger.refunded_return_rows_of(return_request, rates=rates):
                expected[row.key] = (row.amount, row.seller_id)
    for key, (amount, seller_id) in expected.items():
        if key not in stored:
            problems.append(f"missing row {key}: expected {amount} for artisan {seller_id}")
        elif stored[key] != (amount, seller_id):
            problems.append(
                f"row {key} is {stored[key][0]} for artisan {stored[key][1]}, "
                f"expected {amount} for artisan {seller_id}"
            )
    for key in stored:
        source = key.split(":", 1)[0]
        if source in ("suborder", "refund", "return") and key not in expected:
            problems.append(
                f"row {key} has no delivered order, processed refund or refunded return behind it"
            )
        elif source not in ("suborder", "refund", "return", "payout", "adjustment"):
            problems.append(f"row {key} has an unknown source")
    problems += _check_payouts(stored)
    return problems


def _check_payouts(stored: dict) -> list[str]:
    problems = []
    paid = defaultdict(Decimal)
    for payout_id, total in (
        PayoutLine.objects.values("payout_id")
        .annotate(total=Sum("entry__amount"))
        .values_list("payout_id", "total")
    ):
        paid[payout_id] = total
    for payout in Payout.objects.only("pk", "amount", "status", "reference", "seller_id"):
        if paid[payout.pk] != payout.amount:
            problems.append(
                f"payout {payout.reference} is {payout.amount} but its rows add up to "
                f"{paid[payout.pk]}"
            )
        row = stored.get(f"payout:{payout.pk}:payout")
        if row != (-payout.amount, payout.seller_id):
            problems.append(f"payout {payout.reference} has no matching ledger row")
        reversal = stored.get(f"payout:{payout.pk}:failed")
        if (payout.status == Payout.Status.FAILED) != (reversal is not None) or (
            reversal is not None and reversal[0] != payout.amount
        ):
            problems.append(f"payout {payout.reference} ({payout.status}) reversal row is wrong")
    return problems
