"""Payout runs: what is payable, grouped per artisan into payouts with a reference.

A run first accrues (payments.ledger.accrue), then, a chunk of artisans per transaction,
takes a PostgreSQL advisory lock on each artisan (skipping those another run holds),
re-reads their payable rows not yet paid, and for each whose rows add up to more than
zero writes the payout, a line per row (unique per row: the database refuses to pay one
row twice) and the payout's own ledger row. Two runs at once
therefore never pay a row twice. The money then leaves either through a bank NEFT file
(``neft_csv``, statuses back through ``apply_bank_return``) or through RazorpayX
(``payments.payouts_razorpayx``) when its keys are set.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.jobs import enqueue_after_commit
from kernel.spreadsheets import safe_cell
from payments import gateway, ledger
from payments.models import LedgerEntry, Payout, PayoutLine, PayoutRun
from sellers.models import SellerProfile

logger = logging.getLogger(__name__)

K = LedgerEntry.Kind
#: Advisory-lock namespace for "paying this artisan" (pg_try_advisory_xact_lock(ns, id)).
LOCK_NAMESPACE = 160016
#: Artisans paid per transaction.
CHUNK = 200
ZERO = Decimal("0.00")


def razorpayx_enabled() -> bool:
    return gateway.is_configured() and bool(settings.RAZORPAYX_ACCOUNT_NUMBER)


def unpaid_payable(*, now=None):
    """Ledger rows that are payable by ``now`` and not yet in a payout."""
    now = now or timezone.now()
    paid = PayoutLine.objects.filter(entry=OuterRef("pk"))
    return (
        LedgerEntry.objects.filter(payable_at__lte=now)
        .exclude(kind=K.PAYOUT, amount__lt=0)
        .filter(~Exists(paid))
    )


def _lock_sellers(seller_ids: list[int]) -> list[int]:
    """The artisans this transaction now holds (no other run is paying them)."""
    if connection.vendor != "postgresql":
        return list(seller_ids)  # SQLite: one writer at a time anyway
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s, pg_try_advisory_xact_lock(%s, s) FROM unnest(%s::int[]) AS s",
            [LOCK_NAMESPACE, list(seller_ids)],
        )
        return [seller_id for seller_id, locked in cursor.fetchall() if locked]


def reference_for(run: PayoutRun, seller_id: int) -> str:
    return f"ODOP{run.started_at:%Y%m%d}R{run.pk}S{seller_id}"


def _pay_sellers(*, run: PayoutRun, seller_ids: list[int], now) -> list[Payout]:
    """Payouts for a chunk of artisans in one transaction: only those this run holds,
    each paying its unpaid payable rows if they add up to more than zero."""
    with transaction.atomic():
        held = _lock_sellers(seller_ids)
        if not held:
            return []
        rows: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
        for seller_id, pk, amount in (
            unpaid_payable(now=now)
            .filter(seller_id__in=held)
            .values_list("seller_id", "pk", "amount")
        ):
            rows[seller_id].append((pk, amount))
        totals = {sid: sum((a for _pk, a in r), ZERO) for sid, r in rows.items()}
        payouts = Payout.objects.bulk_create(
            [
                Payout(
                    run=run,
                    seller_id=seller_id,
                    reference=reference_for(run, seller_id),
                    amount=total,
                    created_at=now,
                )
                for seller_id, total in sorted(totals.items())
                if total > 0
            ]
        )
        PayoutLine.objects.bulk_create(
            [
                PayoutLine(payout=payout, entry_id=pk)
                for payout in payouts
                for pk, _amount in rows[payout.seller_id]
            ],
            batch_size=5000,
        )
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    seller_id=payout.seller_id,
                    kind=K.PAYOUT,
                    amount=-payout.amount,
                    key=f"payout:{payout.pk}:payout",
                    payout=payout,
                    occurred_at=now,
                    payable_at=now,
                )
                for payout in payouts
            ]
        )
        return payouts


def _pay(*, run: PayoutRun, seller_ids: list[int], now) -> list[Payout]:
    try:
        return _pay_sellers(run=run, seller_ids=seller_ids, now=now)
    except IntegrityError:  # another run paid some of these rows first: they stay paid once
        if len(seller_ids) == 1:
            logger.info("Payout for artisan %s skipped: paid by another run", seller_ids[0])
            return []
        return [p for sid in seller_ids for p in _pay(run=run, seller_ids=[sid], now=now)]


def run_payouts(*, started_by=None, now=None) -> PayoutRun:
    """Accrue, then pay every artisan whose payable rows add up to more than zero."""
    now = now or timezone.now()
    ledger.accrue()
    method = PayoutRun.Method.RAZORPAYX if razorpayx_enabled() else PayoutRun.Method.NEFT
    run = PayoutRun.objects.create(method=method, started_by=started_by, started_at=now)
    seller_ids = list(
        unpaid_payable(now=now).order_by().values_list("seller_id", flat=True).distinct()
    )
    seller_ids.sort()
    payouts = []
    for start in range(0, len(seller_ids), CHUNK):
        payouts += _pay(run=run, seller_ids=seller_ids[start : start + CHUNK], now=now)
    totals = Payout.objects.filter(run=run).aggregate(total=Sum("amount"))
    PayoutRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), payout_count=len(payouts), total=totals["total"] or 0
    )
    if method == PayoutRun.Method.RAZORPAYX:
        from payments.tasks import send_razorpayx_payout

        with transaction.atomic():
            for payout in payouts:
                enqueue_after_commit(send_razorpayx_payout, payout.pk)
    run.refresh_from_db()
    return run


# --- status changes and the artisan's notice ------------------------------------------


def set_status(*, payout: Payout, status: str, utr: str = "", reason: str = "") -> bool:
    """Move a payout to sent, paid or failed, in the caller's transaction; a failure puts
    its amount back on the ledger (payable at once). False if nothing changed."""
    allowed = {
        Payout.Status.SENT: [Payout.Status.PENDING],
        Payout.Status.PAID: [Payout.Status.PENDING, Payout.Status.SENT],
        Payout.Status.FAILED: [Payout.Status.PENDING, Payout.Status.SENT],
    }[status]
    now = timezone.now()
    fields = {"status": status}
    if utr:
        fields["utr"] = utr[:40]
    if status in (Payout.Status.PAID, Payout.Status.FAILED):
        fields["settled_at"] = now
    if status == Payout.Status.FAILED:
        fields["failure_reason"] = (reason or "")[:300]
    changed = Payout.objects.filter(pk=payout.pk, status__in=allowed).update(**fields)
    if not changed:
        return False
    if status == Payout.Status.FAILED:
        LedgerEntry.objects.create(
            seller_id=payout.seller_id,
            kind=K.PAYOUT,
            amount=payout.amount,
            key=f"payout:{payout.pk}:failed",
            payout=payout,
            reason=(reason or _("The bank returned the payout."))[:300],
            occurred_at=now,
            payable_at=now,
        )
    from payments.tasks import send_payout_notice

    enqueue_after_commit(send_payout_notice, payout.pk)
    return True


# --- the bank's NEFT bulk-transfer file -------------------------------------------------

NEFT_HEADER = ["reference", "beneficiary_name", "ifsc", "account_number", "amount", "narration"]


class NotAllowed(PermissionError):
    """The user may not see bank numbers."""


def can_see_bank_numbers(user) -> bool:
    return bool(user and user.is_active and user.has_perm("sellers.view_kyc"))


def neft_csv(*, run: PayoutRun, user) -> str:
    """The run's pending payouts as a bulk NEFT file. Bank numbers are decrypted here
    only, for staff holding ``sellers.view_kyc``; others are refused."""
    if not can_see_bank_numbers(user):
        raise NotAllowed(_("You need the permission to see bank details to export payouts."))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NEFT_HEADER)
    payouts = run.payouts.filter(status=Payout.Status.PENDING).order_by("pk")
    sellers = SellerProfile.objects.in_bulk({p.seller_id for p in payouts})
    for payout in payouts:
        seller = sellers[payout.seller_id]
        writer.writerow(
            [
                payout.reference,
                safe_cell(seller.account_holder_name or seller.display_name),
                seller.ifsc,
                seller.bank_account_number,
                f"{payout.amount:.2f}",
                f"ODOP payout {payout.reference}"[:30],
            ]
        )
    return out.getvalue()


@transaction.atomic
def mark_run_sent(*, run: PayoutRun) -> int:
    """The NEFT file went to the bank: its pending payouts are sent."""
    payouts = list(run.payouts.filter(status=Payout.Status.PENDING))
    return sum(set_status(payout=p, status=Payout.Status.SENT) for p in payouts)


@dataclass
class BankReturn:
    applied: int = 0
    errors: list[str] = field(default_factory=list)


BANK_STATUSES = {"paid": Payout.Status.PAID, "success": Payout.Status.PAID}
BANK_FAILED = {"failed", "rejected", "returned"}


def apply_bank_return(*, data: bytes | str) -> BankReturn:
    """The bank's return file (reference, status, utr, reason): every row is checked
    first; any bad row and nothing is applied, with each problem said by line."""
    result = BankReturn()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            result.errors.append(_("The file is not a UTF-8 CSV file."))
            return result
    reader = csv.DictReader(io.StringIO(data))
    needed = {"reference", "status"}
    if not reader.fieldnames or not needed <= {f.strip().lower() for f in reader.fieldnames}:
        result.errors.append(_("The file needs the columns reference and status."))
        return result
    changes = []
    seen = set()
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        reference, status = row.get("reference", ""), row.get("status", "").lower()
        payout = Payout.objects.filter(reference=reference).first() if reference else None
        if payout is None:
            result.errors.append(
                _("Line %(line)d: no payout has the reference “%(ref)s”.")
                % {"line": number, "ref": reference}
            )
            continue
        if reference in seen:
            result.errors.append(
                _("Line %(line)d: the reference %(ref)s appears twice.")
                % {"line": number, "ref": reference}
            )
            continue
        seen.add(reference)
        if status in BANK_STATUSES:
            target = BANK_STATUSES[status]
        elif status in BANK_FAILED:
            target = Payout.Status.FAILED
        else:
            result.errors.append(
                _("Line %(line)d: the status “%(status)s” is not paid or failed.")
                % {"line": number, "status": status}
            )
            continue
        if payout.status not in (Payout.Status.PENDING, Payout.Status.SENT):
            if payout.status != target:
                result.errors.append(
                    _("Line %(line)d: payout %(ref)s is already %(status)s.")
                    % {"line": number, "ref": reference, "status": payout.get_status_display()}
                )
            continue
        changes.append((payout, target, row.get("utr", ""), row.get("reason", "")))
    if result.errors:
        return result
    with transaction.atomic():
        for payout, target, utr, reason in changes:
            result.applied += set_status(payout=payout, status=target, utr=utr, reason=reason)
    return result
