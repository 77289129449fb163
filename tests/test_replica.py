"""A read replica for the catalogue (issue 20), against a real PostgreSQL streaming
standby started from the suite's cluster (scripts/start_replica.sh).

Catalogue and search pages read from the replica; a lagging replica shows shoppers the
older catalogue, while a visitor who just posted something, checkout, carts and anything
inside a transaction read the primary.
"""

from decimal import Decimal

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from kernel.replica import PIN_COOKIE, ReplicaMiddleware
from orders.models import Order
from tests.factories import ProductFactory, UserFactory
from tests.orders.test_cart_views import _new_address

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def _queries(captured: CaptureQueriesContext) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


@pytest.fixture
def product(replica_db):
    product = ProductFactory(title="Banarasi silk saree", price=Decimal("6500.00"), stock=5)
    replica_db.catch_up()
    return product


def test_catalogue_and_search_pages_read_from_the_replica(replica_db, product):
    client = Client()
    pages = [
        product.get_absolute_url(),
        product.district.get_absolute_url(),
        f"/hi{product.get_absolute_url()}",
        "/search/?q=saree",
    ]
    for url in pages:
        with (
            CaptureQueriesContext(connections["replica"]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_primary,
        ):
            response = client.get(url)
        assert response.status_code == 200, url
        assert "catalog_product" in _queries(on_replica), url
        assert "catalog_product" not in _queries(on_primary), url


def test_a_lagging_replica_shows_the_old_title_but_the_artisan_who_saved_sees_the_new(
    replica_db, product
):
    shopper, artisan = Client(), Client()
    replica_db.pause()
    Product.objects.filter(pk=product.pk).update(title="Banarasi silk saree, new weave")

    stale = shopper.get(product.get_absolute_url()).content.decode()
    assert "Banarasi silk saree" in stale and "new weave" not in stale

    # Any post (here: adding to the cart) pins that browser to the primary for a while.
    artisan.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})
    assert PIN_COOKIE in artisan.cookies
    assert "new weave" in artisan.get(product.get_absolute_url()).content.decode()

    replica_db.resume()
    replica_db.catch_up()
    assert "new weave" in shopper.get(product.get_absolute_url()).content.decode()


def test_checkout_reads_stock_from_the_primary_even_when_the_replica_lags(replica_db, product):
    buyer = UserFactory()
    client = Client()
    client.force_login(buyer)
    client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 2})
    client.cookies.pop(PIN_COOKIE)  # even a browser that is not pinned
    replica_db.pause()
    Product.objects.filter(pk=product.pk).update(stock=1)  # sold elsewhere meanwhile

    with CaptureQueriesContext(connections["replica"]) as on_replica:
        page = client.get(reverse("orders:checkout"))
        key = page.context["form"]["idempotency_key"].value()
        client.post(
            reverse("orders:checkout"),
            {"address": "new", "payment_method": "cod", "idempotency_key": key, **_new_address()},
        )
    assert on_replica.captured_queries == []
    assert not Order.objects.exists()  # refused: only 1 left, as the primary knows
    assert Product.objects.get(pk=product.pk).stock == 1


def test_reads_inside_a_transaction_and_outside_requests_use_the_primary(replica_db, product):
    seen = {}

    def view(request):
        seen["plain"] = Product.objects.all().db
        with transaction.atomic():
            seen["in a transaction"] = Product.objects.all().db
            seen["locked"] = Product.objects.select_for_update().all().db
        seen["orders"] = Order.objects.all().db
        return HttpResponse()

    ReplicaMiddleware(view)(RequestFactory().get("/products/x/"))
    assert seen == {
        "plain": "replica",
        "in a transaction": "default",
        "locked": "default",
        "orders": "default",
    }
    # Celery tasks, commands, the shell: no request, so no replica.
    assert Product.objects.all().db == "default"
