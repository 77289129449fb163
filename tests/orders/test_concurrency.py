"""Real concurrent buyers on PostgreSQL: each thread has its own database connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from catalog.models import Product
from orders.models import Cart, CartItem, Order
from orders.services import CheckoutError, place_order
from tests.factories import ProductFactory, UserFactory
from tests.orders.conftest import ADDRESS

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(fn):
    """Run fn in a worker thread and close that thread's connection afterwards."""

    def wrapper(*args):
        try:
            return fn(*args)
        finally:
            connections.close_all()

    return wrapper


def _cart_with(buyer, *items):
    cart = Cart.objects.create(user=buyer)
    for product, quantity in items:
        CartItem.objects.create(cart=cart, product=product, quantity=quantity)
    return cart


def test_thirty_buyers_racing_for_seven_in_stock_get_exactly_seven_orders():
    product = ProductFactory(title="Banarasi silk saree", stock=7)
    buyers = [UserFactory() for _ in range(30)]
    carts = [_cart_with(b, (product, 1)) for b in buyers]
    start = threading.Barrier(30)

    @_in_thread
    def buy(i):
        start.wait()
        try:
            place_order(buyer=buyers[i], cart=carts[i], address=ADDRESS, idempotency_key=f"k{i}")
        except CheckoutError as error:
            return error.message
        return "ok"

    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(buy, range(30)))

    assert results.count("ok") == 7
    refusals = [r for r in results if r != "ok"]
    assert len(refusals) == 23
    assert all(r == "Banarasi silk saree is sold out." for r in refusals)
    assert Order.objects.count() == 7
    assert Product.objects.get(pk=product.pk).stock == 0
    connection.close()


def test_two_carts_sharing_two_products_in_opposite_orders_do_not_deadlock():
    first = ProductFactory(stock=1000)
    second = ProductFactory(stock=1000)
    rounds = 20
    buyers = [UserFactory() for _ in range(2 * rounds)]
    errors: list[Exception] = []

    @_in_thread
    def buy(i, barrier):
        items = [(first, 1), (second, 1)] if i % 2 else [(second, 1), (first, 1)]
        cart = _cart_with(buyers[i], *items)
        barrier.wait()
        try:
            place_order(buyer=buyers[i], cart=cart, address=ADDRESS, idempotency_key="k")
        except Exception as error:  # a deadlock would surface here as OperationalError
            errors.append(error)

    for r in range(rounds):
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=buy, args=(2 * r + j, barrier)) for j in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)

    assert errors == []
    assert Order.objects.count() == 2 * rounds
    assert Product.objects.get(pk=first.pk).stock == 1000 - 2 * rounds
    assert Product.objects.get(pk=second.pk).stock == 1000 - 2 * rounds
    connection.close()


def test_two_people_cancelling_the_same_suborder_at_once_restock_it_once():
    from orders.services import TransitionError, transition_suborder

    product = ProductFactory(stock=5)
    buyer = UserFactory()
    order = place_order(
        buyer=buyer, cart=_cart_with(buyer, (product, 3)), address=ADDRESS, idempotency_key="c"
    )
    suborder = order.suborders.get()
    start = threading.Barrier(6)

    @_in_thread
    def cancel(_i):
        start.wait()
        try:
            transition_suborder(suborder=suborder, to_status="cancelled", by=buyer, note="x")
        except TransitionError:
            return "refused"
        return "cancelled"

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(cancel, range(6)))

    assert results.count("cancelled") == 1
    assert Product.objects.get(pk=product.pk).stock == 5
    connection.close()
