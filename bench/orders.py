"""Order placement throughput: orders per second with 1 and 8 concurrent clients.

    .venv/bin/python bench/orders.py [--orders 800] [--clients 1 8]

Uses its own PostgreSQL database (``odop_bench_orders``, created and migrated if missing)
and seeds it with artisans, products and buyers, with production settings (DEBUG off).
Before the clock starts, ``--orders`` buyers get a cart of 3 products from 2–3 artisans.
Each client is a process, as a web worker is, with its own connection; it checks out its
share of the buyers with ``place_order``, which re-reads prices, takes stock with one
conditional UPDATE, writes the order, sub-orders, lines, events, outbox rows and rollup
marks, and publishes the email task to Redis after commit (the queue is purged
afterwards; no worker runs). Two mixes:

* spread: products drawn from 200, little contention;
* hot: every cart also holds the same product, so all clients queue on one stock row.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
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
# Production settings, as a web worker runs them (DEBUG would record every query).
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

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


def _client(index: int, ready, results) -> None:
    """One client process: connect, wait for the others, then check out its share of the
    buyers' filled carts one after another; its latencies and CPU time go to ``results``."""
    from odop_market.celery import app

    connection.ensure_connection()
    with app.producer_or_acquire() as producer:
        producer.connection.ensure_connection(max_retries=1)  # as a warm web worker is
    ready.wait()
    cpu_started = time.process_time()
    latencies = []
    for buyer, cart in _RUN["checkouts"][index :: _RUN["clients"]]:
        started = time.perf_counter()
        place_order(buyer=buyer, cart=cart, address=ADDRESS, idempotency_key=f"{time.time_ns()}")
        latencies.append(time.perf_counter() - started)
    cpu = time.process_time() - cpu_started
    connections.close_all()
    results.put((latencies, cpu))


def fill_carts(orders: int, products: list[Product], hot: bool) -> list[tuple[User, Cart]]:
    """``orders`` buyers with 3 products from 2-3 artisans in their carts (with the hot
    product first in every cart for the hot mix); filled before the clock starts, since
    shoppers fill carts over minutes, not at checkout."""
    rng = random.Random(orders)
    buyers = list(User.objects.filter(email__startswith="bench-buyer-").order_by("pk")[:orders])
    carts = {c.user_id: c for c in Cart.objects.filter(user__in=buyers)}
    carts |= {
        c.user_id: c
        for c in Cart.objects.bulk_create(Cart(user=b) for b in buyers if b.pk not in carts)
    }
    items = []
    for buyer in buyers:
        picks = rng.sample(products[1:], 3)
        if hot:
            picks[0] = products[0]
        items += [CartItem(cart=carts[buyer.pk], product=p, quantity=1) for p in picks]
    CartItem.objects.bulk_create(items)
    return [(buyer, carts[buyer.pk]) for buyer in buyers]


def run(clients: int, orders: int, products: list[Product], hot: bool) -> dict:
    """``clients`` processes placing ``orders`` between them, as web workers would (one
    process each, so the clients do not queue on one interpreter's lock)."""
    _RUN.update(checkouts=fill_carts(orders, products, hot), clients=clients)
    before = Order.objects.count()
    connections.close_all()  # no connection may cross the fork
    context = multiprocessing.get_context("fork")
    ready, results = context.Barrier(clients + 1), context.Queue()
    processes = [context.Process(target=_client, args=(i, ready, results)) for i in range(clients)]
    for process in processes:
        process.start()
    ready.wait()  # the clock starts once every client is connected, as web workers are
    started = time.perf_counter()
    parts = [results.get() for _ in processes]
    elapsed = time.perf_counter() - started
    latencies = sorted(t for part, _cpu in parts for t in part)
    cpu = sum(part_cpu for _part, part_cpu in parts)
    for process in processes:
        process.join()
    placed = Order.objects.count() - before
    return {
        "clients": clients,
        "mix": "hot" if hot else "spread",
        "orders": placed,
        "orders_per_s": placed / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        # The clients' CPU per order: less sensitive than orders/s to other work on a
        # shared machine.
        "cpu_ms_per_order": cpu * 1000 / max(placed, 1),
    }


def purge_queue() -> None:
    from odop_market.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=800, help="orders per run")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()
    ensure_database()
    products = seed_checkout_catalogue(args.orders)
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
