"""A payout run over 2,000 artisans and 20,000 delivered sub-orders: how long it takes.

    .venv/bin/python bench/payouts.py            # BENCH_LEDGER_DB=odop_bench_ledger

Drops and creates its own database each time (ledger rows cannot be deleted, so a fresh
database is the only clean start), seeds by bulk inserts: the 75 districts, 2,000 bulk
artisans with bank details, 20,000 orders of one sub-order each delivered 8 to 40 days
ago (one in ten cash on delivery). Then it times, with production settings on PostgreSQL:
the accrual (about 100,000 ledger rows), the payout run (a payout per artisan), a second
accrual (nothing new), the NEFT file, and check_ledger. Prints each phase's wall time,
this process's CPU time, its SQL statements and its commits (where PostgreSQL checks the
deferred foreign keys of every row written).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("BENCH_LEDGER_DB", "odop_bench_ledger")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("SITE_ORIGIN", "http://127.0.0.1:8102")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

ARTISANS = 2_000
SUBORDERS = 20_000
BATCH = 2_000


def fresh_database() -> None:
    args = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *args, "--if-exists", DB], check=True)
    subprocess.run(["createdb", *args, DB], check=True)


fresh_database()

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from demo.bench import BENCH_ADDRESS  # noqa: E402
from demo.bulk import _districts_with_odop, ensure_bulk_artisans  # noqa: E402
from orders.models import Order, SubOrder  # noqa: E402
from payments import ledger, payouts  # noqa: E402
from payments.checks import check_ledger  # noqa: E402
from payments.models import LedgerEntry  # noqa: E402
from sellers.models import SellerProfile  # noqa: E402


def seed() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_districts", verbosity=0)
    started = time.perf_counter()
    sellers = ensure_bulk_artisans(ARTISANS, _districts_with_odop())
    SellerProfile.objects.filter(slug__startswith="bulk-artisan-").update(
        bank_account_number="123456789012", ifsc="SBIN0001234"
    )
    buyer = User.objects.create(email="bench-buyer@odop.example")
    now = timezone.now()
    address = {f: getattr(BENCH_ADDRESS, f) for f in BENCH_ADDRESS.__dataclass_fields__}
    for start in range(0, SUBORDERS, BATCH):
        orders, parts = [], []
        for i in range(start, min(start + BATCH, SUBORDERS)):
            price = Decimal(300 + (i * 37) % 2700) + Decimal("0.50") * (i % 2)
            shipping = Decimal("0.00") if price >= 999 else Decimal("60.00")
            delivered = now - dt.timedelta(days=8 + i % 33, hours=i % 24)
            orders.append(
                Order(
                    number=f"OD-BENCH-PAY-{i:06d}",
                    buyer=buyer,
                    idempotency_key=f"bench-pay-{i}",
                    subtotal=price,
                    shipping_total=shipping,
                    total=price + shipping,
                    payment_method="cod" if i % 10 == 0 else "razorpay",
                    payment_status=Order.PaymentStatus.PAID,
                    placed_at=delivered - dt.timedelta(days=4),
                    **address,
                )
            )
            parts.append((sellers[i % ARTISANS], price, shipping, delivered))
        Order.objects.bulk_create(orders)
        SubOrder.objects.bulk_create(
            [
                SubOrder(
                    order=order,
                    seller=seller,
                    status=SubOrder.Status.DELIVERED,
                    subtotal=price,
                    shipping=shipping,
                    total=price + shipping,
                    delivered_at=delivered,
                )
                for order, (seller, price, shipping, delivered) in zip(orders, parts, strict=True)
            ]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Seeded {ARTISANS} artisans and {SUBORDERS} delivered sub-orders "
        f"in {time.perf_counter() - started:.1f} s."
    )


def timed(label: str, fn):
    """Run ``fn``; print its time, its SQL count and time, and its slowest statement."""
    queries: list[tuple[float, str]] = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    commits: list[float] = []
    commit = connection._commit

    def timed_commit():
        started = time.perf_counter()
        try:
            return commit()
        finally:
            commits.append(time.perf_counter() - started)

    connection._commit = timed_commit
    started, cpu = time.perf_counter(), time.process_time()
    try:
        with connection.execute_wrapper(record):
            result = fn()
    finally:
        del connection._commit
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    in_sql = sum(t for t, _sql in queries)
    print(
        f"{label:<32} {elapsed:7.2f} s  (Python CPU {cpu:.2f} s; {len(queries)} queries, "
        f"{in_sql:.2f} s in SQL; {len(commits)} commits, {sum(commits):.2f} s)  {result}"
    )
    if queries:
        slowest = max(queries)
        print(f"    slowest {slowest[0]:.2f} s: {slowest[1][:150]}")
    return result


def main() -> None:
    seed()
    timed("accrue (ledger rows posted)", ledger.accrue)
    run = timed("payout run (run)", lambda: payouts.run_payouts())
    print(f"  {run.payout_count} payouts, total {run.total}")
    timed("accrue again (nothing new)", ledger.accrue)
    staff = User.objects.create(email="bench-ops@odop.example", is_superuser=True, is_active=True)
    csv_text = timed(
        "NEFT file (bytes)", lambda: len(payouts.neft_csv(run=run, user=staff).encode())
    )
    del csv_text
    problems = timed("check_ledger (problems)", lambda: len(check_ledger()))
    assert problems == 0
    print(f"{LedgerEntry.objects.count()} ledger rows in all.")


if __name__ == "__main__":
    main()
