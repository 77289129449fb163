"""The ODOP cell's dashboard over 20,000 orders and two years of history: p50/p95 of the
state-wide page and of one district's page, as a curator opens them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench_cell \\
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/dashboard.py [--runs 200]

Seeds the database once: the 75 districts, 4,000 bulk products (160 artisans) and
``seed_orders --orders 20000 --days 730``, which rebuilds the sales rollups. Then it
requests each page through Django's test client (the whole request: middleware, session,
two-step check, view, template), with production settings (DEBUG off) and the cache on
Redis as in production. It reports p50/p95 with the figures cached (as a second look at
the same page finds them) and with the cache cleared before every request (every figure
aggregated from the rollups), and the SQL queries of a cached request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/odop_bench_cell")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Hashed static names need collectstatic; the benchmark is about the pages, not assets.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY  # noqa: E402
from allauth.account.internal.flows.login import (  # noqa: E402
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from demo.bulk import seed_bulk_products  # noqa: E402
from districts.models import District  # noqa: E402
from orders.models import DistrictDaySales, Order  # noqa: E402

ORDERS = 20_000
DAYS = 730


def seed() -> None:
    call_command("migrate", verbosity=0)
    if not District.objects.exists():
        call_command("load_districts", verbosity=0)
    if Order.objects.count() < ORDERS:
        started = time.perf_counter()
        seed_bulk_products(4000, log=lambda message: None)
        call_command("seed_orders", orders=ORDERS, days=DAYS)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Seeded in {time.perf_counter() - started:.0f} s.")
    first = Order.objects.order_by("placed_at").values_list("placed_at", flat=True).first()
    print(
        f"{Order.objects.count()} orders since {first:%Y-%m-%d}, "
        f"{DistrictDaySales.objects.count()} district-day rollup rows."
    )


def curator_client() -> Client:
    user, _ = User.objects.get_or_create(
        email="bench-curator@odop.example", defaults={"is_staff": True, "is_superuser": True}
    )
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}}
    )
    client = Client()
    client.force_login(user)
    # The admin opens only to sessions whose sign-in included the TOTP step
    # (accounts.admin_site): record one, as allauth does after a correct code.
    session = client.session
    now = time.time()
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session.save()
    return client


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def time_page(client: Client, url: str, runs: int) -> dict:
    cache.clear()
    started = time.perf_counter()
    response = client.get(url)
    cold = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        client.get(url)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    uncached = []
    for _ in range(max(20, runs // 5)):
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        uncached.append((time.perf_counter() - started) * 1000)
    return {
        "uncached_p50_ms": round(statistics.median(uncached), 1),
        "uncached_p95_ms": round(percentile(uncached, 95), 1),
        "url": url,
        "cold_ms": round(cold, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "max_ms": round(max(timings), 1),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    seed()
    client = curator_client()
    pages = [
        "/admin/dashboard/",
        "/admin/dashboard/?start=2025-01-01&end=2026-11-30",
        "/admin/dashboard/districts/varanasi/",
        "/hi/admin/dashboard/districts/varanasi/",
    ]
    print("warm: the figures are in the cache (until the rollups change); uncached: the cache")
    print("is cleared before each request, so every figure is aggregated from the rollups.")
    print(f"{'page':<52} {'p50':>8} {'p95':>8} {'uncached p50':>13} {'p95':>8} {'SQL':>4}")
    for url in pages:
        r = time_page(client, url, args.runs)
        print(
            f"{url:<52} {r['p50_ms']:>6.1f}ms {r['p95_ms']:>6.1f}ms "
            f"{r['uncached_p50_ms']:>11.1f}ms {r['uncached_p95_ms']:>6.1f}ms {r['queries']:>4}"
        )


if __name__ == "__main__":
    main()
