"""Order placement throughput: orders per second with 1 and 8 concurrent clients.

    .venv/bin/python bench/orders.py [--orders 400] [--clients 1 8]

Uses its own PostgreSQL database (``odop_bench_orders``, created and migrated if missing)
and seeds it with artisans, products and buyers. Each client is a process, as a web
worker is, with its own connection; it fills a cart (3 products from 2–3 artisans) and
calls ``place_order``, which re-reads prices, takes stock with conditional UPDATEs,
writes the order, sub-orders, lines, events and outbox rows, and publishes the email
tasks to Redis after commit (the queue is purged afterwards; no worker runs). Two mixes:

* spread: products drawn from 200, little contention;
* hot: every cart also holds the same product, so all clients queue on one stock row.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "odop_bench_orders"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog.models import Product  # noqa: E402
from demo.bench import BENCH_ADDRESS as ADDRESS  # noqa: E402
from demo.bench import seed_checkout_catalogue  # noqa: E402
from orders.models import Cart, CartItem, Order  # noqa: E402
from orders.services import place_order  # noqa: E402


def ensure_database() -> None:
    db = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()
    call_command("migrate", verbosity=0, interactive=False)


#: What the client processes need, set before they fork (a forked child inherits it).
_RUN: dict = {}


def _client(index: int) -> list[float]:
    """One client process: fill its buyer's cart and place orders; the latencies."""
    rng = random.Random(index)
    buyer, per_client = _RUN["buyers"][index], _RUN["per_client"]
    products, hot = _RUN["products"], _RUN["hot"]
    latencies = []
    try:
        cart, _ = Cart.objects.get_or_create(user=buyer)
        for n in range(per_client):
            picks = rng.sample(products[1:], 3)
            if hot:
                picks[0] = products[0]
            for product in picks:
                CartItem.objects.create(cart=cart, product=product, quantity=1)
            started = time.perf_counter()
            place_order(
                buyer=buyer,
                cart=cart,
                address=ADDRESS,
                idempotency_key=f"{time.time_ns()}-{index}-{n}",
            )
            latencies.append(time.perf_counter() - started)
    finally:
        connections.close_all()
    return latencies


def run(clients: int, orders: int, products: list[Product], hot: bool) -> dict:
    """``clients`` processes placing ``orders`` between them, as web workers would (one
    process each, so the clients do not queue on one interpreter's lock)."""
    _RUN.update(
        buyers=list(User.objects.filter(email__startswith="bench-buyer-").order_by("pk")[:clients]),
        per_client=orders // clients,
        products=products,
        hot=hot,
    )
    before = Order.objects.count()
    connections.close_all()  # no connection may cross the fork
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    pool = multiprocessing.get_context("fork").Pool(clients)
    latencies = sorted(t for part in pool.map(_client, range(clients)) for t in part)
    pool.close()
    pool.join()
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    placed = Order.objects.count() - before
    return {
        "clients": clients,
        "mix": "hot" if hot else "spread",
        "orders": placed,
        "orders_per_s": placed / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        # The clients' CPU (cart filling included) per order: less sensitive than
        # orders/s to other work on a shared machine.
        "cpu_ms_per_order": cpu * 1000 / max(placed, 1),
    }


def purge_queue() -> None:
    from odop_market.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=400, help="orders per run")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()
    ensure_database()
    products = seed_checkout_catalogue(max(args.clients))
    connection.close()
    print(
        f"place_order on PostgreSQL ({settings.DATABASES['default']['NAME']}), "
        f"{args.orders} orders per run, 3 lines from 2-3 artisans each"
    )
    print(
        f"{'clients':>7} {'mix':>7} {'orders':>7} {'orders/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'CPU ms':>7}"
    )
    for hot in (False, True):
        for clients in args.clients:
            r = run(clients, args.orders, products, hot)
            print(
                f"{r['clients']:>7} {r['mix']:>7} {r['orders']:>7} {r['orders_per_s']:>9.1f} "
                f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['cpu_ms_per_order']:>7.2f}"
            )
    purge_queue()


if __name__ == "__main__":
    main()
