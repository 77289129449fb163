"""Compare one day's payments and refunds at the gateway with ours, and keep the report.

Mismatch kinds: ``missing_here`` (captured or refunded there, not recorded so here),
``missing_there`` (recorded here, unknown or not captured there) and ``amount``
(both sides know it, with different amounts). The day is India time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from payments import gateway
from payments.gateway import from_paise
from payments.models import Payment, ReconciliationReport, Refund

PAGE = 100


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def _fetch_all(resource, start: datetime, end: datetime) -> list[dict]:
    """Every item of a collection between two instants, page by page (from/to/count/skip)."""
    items: list[dict] = []
    skip = 0
    while True:
        page = gateway.call(
            resource.all,
            {
                "from": int(start.timestamp()),
                "to": int(end.timestamp()) - 1,
                "count": PAGE,
                "skip": skip,
            },
        )
        batch = page.get("items", [])
        items += batch
        if len(batch) < PAGE:
            return items
        skip += PAGE


def reconcile(*, day: date) -> ReconciliationReport:
    """Fetch the day's payments and refunds from the gateway and report every mismatch."""
    start, end = _day_bounds(day)
    sdk = gateway.client()
    theirs_payments = {
        p["id"]: p
        for p in _fetch_all(sdk.payment, start, end)
        if p.get("status") in ("captured", "refunded")
    }
    theirs_refunds = {
        r["id"]: r for r in _fetch_all(sdk.refund, start, end) if r.get("status") != "failed"
    }
    ours_payments = {
        p.gateway_payment_id: p
        for p in Payment.objects.filter(
            gateway_created_at__gte=start,
            gateway_created_at__lt=end,
            status__in=[Payment.Status.CAPTURED, Payment.Status.REFUNDED],
        )
    }
    ours_refunds = {
        r.gateway_refund_id: r
        for r in Refund.objects.exclude(gateway_refund_id="")
        .exclude(status=Refund.Status.FAILED)
        .filter(created_at__gte=start, created_at__lt=end)
    }
    mismatches = _compare("payment", theirs_payments, ours_payments)
    mismatches += _compare("refund", theirs_refunds, ours_refunds)
    return ReconciliationReport.objects.create(
        day=day,
        gateway_payments=len(theirs_payments),
        our_payments=len(ours_payments),
        gateway_refunds=len(theirs_refunds),
        our_refunds=len(ours_refunds),
        mismatches=mismatches,
    )


def _compare(entity: str, theirs: dict[str, dict], ours: dict) -> list[dict]:
    found = []
    for gateway_id in sorted(set(theirs) | set(ours)):
        there, here = theirs.get(gateway_id), ours.get(gateway_id)
        row = {"entity": entity, "id": gateway_id}
        if there is not None:
            row["gateway_amount"] = str(from_paise(there.get("amount", 0)))
        if here is not None:
            row["our_amount"] = str(here.amount)
        if here is None:
            # A refund made here may be dated the day before at the gateway, or vice versa:
            # look it up before calling it missing.
            if entity == "refund" and Refund.objects.filter(gateway_refund_id=gateway_id).exists():
                continue
            if entity == "payment" and _known_payment(gateway_id, there):
                continue
            found.append({"kind": "missing_here", **row})
        elif there is None:
            found.append({"kind": "missing_there", **row})
        elif Decimal(row["gateway_amount"]) != here.amount:
            found.append({"kind": "amount", **row})
    return found


def _known_payment(gateway_id: str, there: dict) -> bool:
    payment = Payment.objects.filter(gateway_payment_id=gateway_id).first()
    return (
        payment is not None
        and payment.status
        in (
            Payment.Status.CAPTURED,
            Payment.Status.REFUNDED,
        )
        and payment.amount == from_paise(there.get("amount", 0))
    )
