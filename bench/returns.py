"""Return pages: server time of the buyer's order page with returns, the artisan's returns
list, and one return asked for (the request, its photo saved, the job and notice queued).

    .venv/bin/python bench/returns.py [--requests 200]

Uses its own PostgreSQL database (``odop_bench_returns``, created and migrated if missing)
and Django's test client in-process (no network, no static files): the numbers are the
view, the queries and the template. Photos are processed inline (eager Celery).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "odop_bench_returns"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_market.settings")
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from accounts.models import User  # noqa: E402
from catalog.models import Product  # noqa: E402
from demo.bench import BENCH_ADDRESS as ADDRESS  # noqa: E402
from districts.models import Craft, District  # noqa: E402
from orders.models import Cart, CartItem, ReturnRequest, SubOrder  # noqa: E402
from orders.returns import Payout, request_return  # noqa: E402
from orders.services import place_order, transition_suborder  # noqa: E402
from sellers.models import SellerProfile  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


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


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (170, 60, 40)).save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def seed(returns: int = 40):
    """An artisan with ``returns`` delivered one-line orders, each with a return asked for."""
    district = District.objects.first() or District.objects.create(
        slug="varanasi", name="Varanasi", division="Varanasi"
    )
    craft = Craft.objects.first() or Craft.objects.create(slug="textiles", name="Textiles")
    artisan_user, _ = User.objects.get_or_create(email="bench-returns-artisan@example.com")
    seller, _ = SellerProfile.objects.get_or_create(
        user=artisan_user,
        defaults={
            "display_name": "Bench Returns Artisan",
            "slug": "bench-returns-artisan",
            "district": district,
            "craft": craft,
            "mobile": "+919876543210",
            "status": SellerProfile.Status.APPROVED,
        },
    )
    buyer, _ = User.objects.get_or_create(email="bench-returns-buyer@example.com")
    existing = ReturnRequest.objects.filter(buyer=buyer).count()
    for n in range(existing, returns):
        product = Product.objects.create(
            seller=seller, district=district, craft=craft, title=f"Bench kurta {n}",
            slug=f"bench-return-kurta-{n}", price=Decimal("1450.00"), stock=5,
            status=Product.Status.PUBLISHED,
        )  # fmt: skip
        cart, _ = Cart.objects.get_or_create(user=buyer)
        CartItem.objects.create(cart=cart, product=product, quantity=1)
        order = place_order(buyer=buyer, cart=cart, address=ADDRESS, idempotency_key=f"br-{n}")
        suborder = order.suborders.get()
        for status in ("accepted", "shipped", "delivered"):
            transition_suborder(
                suborder=suborder, to_status=status, by=artisan_user, courier="IP",
                tracking_number="EE1",
            )  # fmt: skip
        SubOrder.objects.filter(pk=suborder.pk).update(
            delivered_at=timezone.now() - timedelta(days=1)
        )
        request_return(
            line=suborder.lines.get(), buyer=buyer, quantity=1, reason="damaged",
            photos=[jpeg()], payout=Payout(upi_id="bench@ybl"),
        )  # fmt: skip
    return buyer, seller


def measure(client: Client, path: str, requests: int) -> dict:
    client.get(path)  # warm templates
    queries = []  # an execute wrapper: request_started clears connection.queries

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "path": path,
        "queries": len(queries),
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    ensure_database()
    buyer, seller = seed()
    order = ReturnRequest.objects.filter(buyer=buyer).first().suborder.order
    client = Client()
    client.force_login(buyer)
    rows = [measure(client, order.get_absolute_url(), args.requests)]
    client.force_login(seller.user)
    rows.append(measure(client, "/sell/returns/", args.requests))
    rows.append(measure(client, "/hi/sell/returns/?show=all", args.requests))
    for row in rows:
        print(
            f"{row['path']:<40} {row['queries']:>3} queries  median {row['median_ms']:6.1f} ms"
            f"  p95 {row['p95_ms']:6.1f} ms"
        )
    # One return asked for, photo and all (a fresh order each time).
    timings = []
    for n in range(10):
        started = time.perf_counter()
        seed(returns=ReturnRequest.objects.filter(buyer=buyer).count() + 1)
        timings.append((time.perf_counter() - started) * 1000)
        del n
    print(
        f"place, deliver and return one order (photo processed inline): "
        f"median {statistics.median(timings):.0f} ms over {len(timings)}"
    )


if __name__ == "__main__":
    main()
