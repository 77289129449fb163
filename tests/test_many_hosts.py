"""Many hosts, one site (issue 20): two gunicorn processes on two ports and two Celery
workers, sharing one PostgreSQL, one Redis and one S3 bucket, none with a usable local
media folder. A shopper's session and cart move between the hosts, an artisan's photo sent
through one host is processed by a worker and shown through the other, and a checkout
through the second host succeeds.
"""

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from PIL import Image

from catalog.models import Product, ProductImage
from odop_market.celery import app as celery_app
from orders.models import Order
from sellers.models import SellerProfile
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.s3 import free_port
from tests.worker import (
    SWITCHED_CONF,
    _reset_producer_pool,
    _start,
    _worker_env,
    flush_queue,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long shared pass phrase 42"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """collectstatic once, as the Docker image does at build time."""
    root = tmp_path_factory.mktemp("static")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DEBUG="false", SECRET_KEY="collect-" + "s" * 50, ALLOWED_HOSTS="127.0.0.1")
    env["DJANGO_SETTINGS_MODULE"] = "odop_market.settings"
    env["STATIC_ROOT"] = str(root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return root


@pytest.fixture
def site(s3_media, collected_static, settings, tmp_path):
    """Two web hosts and two workers with production settings and no local media."""
    broker = settings.REDIS_URL
    flush_queue(broker)
    saved = {key: celery_app.conf[key] for key in SWITCHED_CONF}
    _reset_producer_pool()  # this process only pings the workers, on the same broker
    celery_app.conf.update(task_always_eager=False, broker_url=broker)
    ports = [free_port(), free_port()]
    missing = tmp_path / "no-such-media-folder"
    env = _worker_env(
        broker,
        {
            **s3_media.env(),
            "DEBUG": "false",
            "SECRET_KEY": "two-hosts-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_ORIGIN": f"http://127.0.0.1:{ports[0]}",
            "STATIC_ROOT": str(collected_static),
            # Nothing may depend on the local disk: these folders do not exist.
            "MEDIA_ROOT": str(missing / "media"),
            "PRIVATE_MEDIA_ROOT": str(missing / "private"),
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LANGUAGE_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "TRUSTED_CLIENT_IP_HEADER": "",
            "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        },
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    webs = []
    for port in ports:
        log = (tmp_path / f"web-{port}.log").open("wb")
        webs.append(
            subprocess.Popen(
                [gunicorn, "odop_market.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    workers = [_start(env, tmp_path / f"worker-{n}.log") for n in (1, 2)]
    try:
        for port in ports:
            wait_until(
                lambda port=port: _up(f"http://127.0.0.1:{port}/healthz/"),
                timeout=30,
                message=f"gunicorn on {port}",
            )
        for worker in workers:
            worker.wait_until(worker.ping, timeout=30)
        yield SimpleNamespace(
            hosts=[f"http://127.0.0.1:{port}" for port in ports],
            workers=workers,
            missing=missing,
            s3=s3_media,
        )
    finally:
        for web in webs:
            web.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.stop()
        for web in webs:
            web.wait(timeout=15)
        _reset_producer_pool()
        celery_app.conf.update(saved)
        flush_queue(broker)


def _up(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _token(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=10)
    assert response.status_code == 200, (url, response.status_code)
    return CSRF.search(response.text).group(1)


def _sign_in(session: requests.Session, host: str, email: str) -> None:
    token = _token(session, f"{host}/accounts/login/")
    response = session.post(
        f"{host}/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        timeout=10,
    )
    errors = (
        re.findall(r"<li>([^<]+)</li>", response.text) if "/accounts/login/" in response.url else []
    )
    assert response.status_code == 200 and "/accounts/login/" not in response.url, errors


class _QuickPBKDF2(PBKDF2PasswordHasher):
    iterations = 1000  # the hosts verify it by the count stored in the hash


def _can_sign_in(user) -> None:
    """A password the hosts' production hashers accept (the suite's own hasher is MD5)."""
    hasher = _QuickPBKDF2()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((900, 700), 40).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def test_two_hosts_two_workers_one_database_one_redis_one_bucket(site):
    host_a, host_b = site.hosts
    product = ProductFactory(title="Moradabad brass lamp", stock=4)

    # A shopper starts on host A: the cart is in the shared database, the session too.
    shopper = requests.Session()
    _can_sign_in(UserFactory(email="shopper@example.com"))
    _sign_in(shopper, host_a, "shopper@example.com")
    token = _token(shopper, f"{host_a}{product.get_absolute_url()}")
    shopper.post(
        f"{host_a}/cart/add/",
        {"csrfmiddlewaretoken": token, "product": product.pk, "quantity": 2},
        timeout=10,
    )
    cart_on_b = shopper.get(f"{host_b}/cart/", timeout=10)
    assert "Moradabad brass lamp" in cart_on_b.text  # same session, other host

    # An artisan lists a product with a photo through host A.
    artisan = SellerFactory(status=SellerProfile.Status.APPROVED)
    _can_sign_in(artisan.user)
    seller_session = requests.Session()
    _sign_in(seller_session, host_a, artisan.user.email)
    token = _token(seller_session, f"{host_a}/sell/products/new/")
    response = seller_session.post(
        f"{host_a}/sell/products/new/",
        data={
            "csrfmiddlewaretoken": token,
            "title": "Brass diya",
            "description": "Cast and polished in Moradabad.",
            "craft": artisan.craft_id,
            "price": "850.00",
            "fulfilment": "ready",
            "stock": "3",
            "processing_days": "0",
            "action": "publish",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "new-TOTAL_FORMS": "1",
            "new-INITIAL_FORMS": "0",
            "new-0-alt_text": "A brass diya",
        },
        files={"new-0-file": ("IMG_0001.jpg", _jpeg(), "image/jpeg")},
        timeout=20,
    )
    assert response.status_code == 200 and "/sell/products/new/" not in response.url
    listed = Product.objects.get(title="Brass diya")
    image = listed.images.get()

    # Either worker processes it; the renditions are in the bucket, shown through host B.
    wait_until(lambda: ProductImage.objects.get(pk=image.pk).is_ready, timeout=30, message="photo")
    image.refresh_from_db()
    page = requests.get(f"{host_b}{listed.get_absolute_url()}", timeout=10)
    assert page.status_code == 200
    bucket_url = f"{site.s3.server.endpoint_url}/{site.s3.bucket}/"
    shown = set(re.findall(rf'({re.escape(bucket_url)}products/images/[^" ]+)', page.text))
    assert shown, "the product page on host B shows the photo from the bucket"
    for url in shown:
        assert requests.get(url, timeout=10).status_code == 200
    assert image.stored_names() == site.s3.object_names()

    # Checkout through host B.
    token = _token(shopper, f"{host_b}/checkout/")
    key = re.search(
        r'name="idempotency_key" value="([^"]+)"',
        shopper.get(f"{host_b}/checkout/", timeout=10).text,
    ).group(1)
    response = shopper.post(
        f"{host_b}/checkout/",
        {
            "csrfmiddlewaretoken": token,
            "address": "new",
            "payment_method": "cod",
            "idempotency_key": key,
            "new-full_name": "Asha Devi",
            "new-mobile": "98765 43210",
            "new-line1": "12 Chowk Bazaar",
            "new-city": "Moradabad",
            "new-state": "UP",
            "new-pin_code": "244001",
        },
        timeout=20,
    )
    order = Order.objects.get()
    assert response.url.endswith(order.get_absolute_url())
    assert Product.objects.get(pk=product.pk).stock == 2

    # No process wrote to a local media folder, and both workers are still healthy.
    assert not site.missing.exists()
    assert all(worker.is_alive() for worker in site.workers)
