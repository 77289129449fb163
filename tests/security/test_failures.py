"""When parts fail: Redis gone, a worker killed mid-task, the database failing mid-order.

Redis here is a throwaway redis-server of the test's own (tests/security/redis_server.py),
killed and restarted at will; the machine's shared Redis is never stopped.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from PIL import Image

from catalog.models import Product, ProductImage
from catalog.tasks import enqueue_image_processing
from orders.models import CartItem, Notification, Order, OrderLine, SubOrder
from orders.services import CheckoutError, place_order
from orders.tasks import send_pending_notifications
from tests.factories import ProductFactory
from tests.security.conftest import ADDRESS
from tests.worker import PROJECT_ROOT, CeleryWorker, _start, _worker_env, wait_until

pytestmark = pytest.mark.integration

PUBLIC_PAGES = (
    "/",
    "/districts/",
    "/districts/varanasi/",
    "/crafts/textiles/",
    "/products/saree-from-a/",
    "/artisans/artisan-a/",
    "/collections/festive/",
    "/search/?q=saree",
    "/search/suggest/?q=sar",
    "/cart/",
    "/hi/products/saree-from-a/",
    "/sitemap.xml",
)


# --- Redis stopped -------------------------------------------------------------------


@pytest.mark.django_db
def test_public_pages_render_with_the_cache_server_down(world, clients, cache_on):
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the pages below really use this server

    cache_on.stop()

    for path in PUBLIC_PAGES:
        started = time.monotonic()
        response = clients["anonymous"].get(path)
        assert response.status_code == 200, path
        assert time.monotonic() - started < 3, f"{path} waited on the dead cache"
    assert cache.get("probe") is None  # a miss, not an error


def checkout(client, world) -> object:
    address = world.users["shopper"].addresses.get()
    client.get(reverse("orders:checkout"))  # the page hands out the idempotency key
    return client.post(
        reverse("orders:checkout"),
        {
            "address": str(address.pk),
            "payment_method": "cod",
            "idempotency_key": client.session["checkout_key"],
        },
    )


def test_a_checkout_succeeds_with_redis_down_and_its_emails_go_once_it_is_back(
    transactional_db, world, clients, broker_on, request
):
    worker_env = request.getfixturevalue("celery_worker_env")
    assert "send-pending-notifications" in django_settings.CELERY_BEAT_SCHEDULE
    before = Order.objects.count()
    broker_on.stop()

    started = time.monotonic()
    response = checkout(clients["shopper"], world)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert time.monotonic() - started < 5, "the buyer waited on the dead broker"
    order = Order.objects.exclude(pk=world.order.pk).filter(buyer=world.users["shopper"]).get()
    assert Order.objects.count() == before + 1
    pending = Notification.objects.filter(order=order, status="pending")
    assert pending.count() == 2  # the buyer's confirmation, and artisan B's new order

    broker_on.start()
    worker = request.getfixturevalue("celery_worker")
    send_pending_notifications.delay(older_than_seconds=0)  # what beat runs every 5 minutes

    worker.wait_until(lambda: not pending.exists(), timeout=30)
    assert Notification.objects.filter(order=order, status="sent").count() == 2
    mail_dir = Path(worker_env["EMAIL_URL"].removeprefix("filemail:///"))
    sent = "".join(path.read_text() for path in mail_dir.glob("*.log"))
    assert order.number in sent


# --- A worker killed in the middle of an image ---------------------------------------


def big_photo() -> bytes:
    """A 6000 × 4500 photo: a couple of seconds of work, long enough to kill the worker in."""
    buffer = io.BytesIO()
    Image.effect_noise((6000, 4500), 40).convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def taken_by_a_worker(url: str) -> bool:
    client = redis.Redis.from_url(url)
    try:
        return client.llen("celery") == 0 and client.hlen("unacked") == 1
    finally:
        client.close()


def test_an_image_task_cut_short_by_a_killed_worker_is_redone(
    transactional_db, broker_on, request, tmp_path
):
    worker = request.getfixturevalue("celery_worker")
    with transaction.atomic():
        image = ProductImage.objects.create(
            product=ProductFactory(), original=SimpleUploadedFile("loom.jpg", big_photo())
        )
        enqueue_image_processing([image.pk])

    wait_until(lambda: taken_by_a_worker(broker_on.url), message="the worker to take the task")
    time.sleep(0.5)
    worker.process.kill()  # SIGKILL: no warm shutdown, no ack
    worker.process.wait(timeout=10)
    image.refresh_from_db()
    assert image.state == ProductImage.State.PENDING, "the task finished before the kill"

    # Redis hands an unacknowledged message out again once it is older than the visibility
    # timeout (2 s here, an hour in production); a starting worker sweeps for those at once.
    time.sleep(2.5)
    second = _start(worker.env, tmp_path / "second-worker.log")
    try:
        second.wait_until(
            lambda: ProductImage.objects.get(pk=image.pk).state == ProductImage.State.READY,
            timeout=60,
        )
    finally:
        second.stop()
    image.refresh_from_db()
    assert (image.width, image.height) == (6000, 4500)
    assert set(image.renditions) == {"320", "640", "1280"}


def pool_children(pid: int) -> list[int]:
    """Ids of the processes whose parent is ``pid`` (the prefork pool's workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def test_an_image_task_whose_pool_process_is_killed_is_requeued_at_once(
    transactional_db, broker_on, tmp_path, settings
):
    """Production runs prefork pools: a pool process killed (say by the OOM killer) is
    replaced, and reject_on_worker_lost puts its task back on the queue straight away,
    without waiting for the hour-long visibility timeout."""
    env = _worker_env(broker_on.url, {"CELERY_VISIBILITY_TIMEOUT": "3600"})
    hostname = f"pytest-prefork-{time.monotonic_ns()}@localhost"
    command = [
        sys.executable, "-m", "celery", "-A", "odop_market", "worker",
        "--pool=prefork", "--concurrency=1", "-Q", "celery", "-n", hostname,
        "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning",
    ]  # fmt: skip
    log_path = tmp_path / "prefork-worker.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    worker = CeleryWorker(process=process, hostname=hostname, log_path=log_path, env=env)
    try:
        worker.wait_until(worker.ping, timeout=30)
        with transaction.atomic():
            image = ProductImage.objects.create(
                product=ProductFactory(), original=SimpleUploadedFile("loom.jpg", big_photo())
            )
            enqueue_image_processing([image.pk])
        worker.wait_until(lambda: taken_by_a_worker(broker_on.url))
        time.sleep(0.5)
        (child,) = pool_children(process.pid)
        os.kill(child, signal.SIGKILL)
        assert ProductImage.objects.get(pk=image.pk).state == ProductImage.State.PENDING

        worker.wait_until(
            lambda: ProductImage.objects.get(pk=image.pk).state == ProductImage.State.READY,
            timeout=60,
        )
        assert "SIGKILL" in worker.log()  # the task really was cut short, then redone
        assert worker.is_alive()
    finally:
        worker.stop()


# --- The database failing in the middle of place_order -------------------------------

FAIL_INSERTS = """
CREATE FUNCTION security_test_fail() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'simulated failure writing %', TG_TABLE_NAME USING ERRCODE = '{errcode}';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER security_test_fail BEFORE INSERT ON {table}
  FOR EACH ROW EXECUTE FUNCTION security_test_fail();
"""
DROP = """
DROP TRIGGER IF EXISTS security_test_fail ON {table};
DROP FUNCTION IF EXISTS security_test_fail();
"""


@pytest.fixture
def failing_insert():
    """Make every INSERT into a table fail inside PostgreSQL, until the test ends."""
    tables = []

    def arm(table: str, errcode: str = "P0001") -> None:
        tables.append(table)
        with connection.cursor() as cursor:
            cursor.execute(FAIL_INSERTS.format(table=table, errcode=errcode))

    yield arm
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(DROP.format(table=table))


def snapshot(world) -> dict:
    return {
        "orders": Order.objects.count(),
        "suborders": SubOrder.objects.count(),
        "lines": OrderLine.objects.count(),
        "notifications": Notification.objects.count(),
        "stock": sorted(Product.objects.values_list("pk", "stock")),
        "cart": sorted(
            CartItem.objects.filter(cart__user=world.users["shopper"]).values_list(
                "product_id", "quantity"
            )
        ),
    }


@pytest.mark.parametrize(
    ("table", "errcode", "raised"),
    [
        ("orders_suborder", "P0001", DatabaseError),
        ("orders_orderline", "P0001", DatabaseError),
        ("orders_notification", "P0001", DatabaseError),
        ("orders_orderline", "23505", CheckoutError),  # unique violation: retried, then refused
    ],
)
def test_a_database_error_mid_order_leaves_no_order_and_all_the_stock(
    transactional_db, world, failing_insert, table, errcode, raised
):
    cart = world.objects["cart_item"].cart
    CartItem.objects.create(cart=cart, product=world.product_a, quantity=2)
    before = snapshot(world)
    failing_insert(table, errcode)

    with pytest.raises(raised):
        place_order(buyer=world.users["shopper"], cart=cart, address=ADDRESS, idempotency_key="k-1")

    assert snapshot(world) == before
    # Once the database is well again, the same cart goes through.
    with connection.cursor() as cursor:
        cursor.execute(DROP.format(table=table))
    order = place_order(
        buyer=world.users["shopper"], cart=cart, address=ADDRESS, idempotency_key="k-1"
    )
    assert order.suborders.count() == 2
