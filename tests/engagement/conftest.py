"""Helpers for the engagement tests: delivered purchases to review."""

import pytest

from orders.models import OrderLine, SubOrder
from tests.factories import ProductFactory, UserFactory, place_test_order


def delivered_line(buyer, product) -> OrderLine:
    """Buy one ``product`` through the real checkout and mark the artisan's part delivered."""
    order = place_test_order(buyer, (product, 1))
    SubOrder.objects.filter(order=order).update(status=SubOrder.Status.DELIVERED)
    return OrderLine.objects.get(suborder__order=order, product=product)


@pytest.fixture
def buyer(db):
    return UserFactory(email="buyer@example.com", full_name="Meera Sharma")


@pytest.fixture
def product(db):
    return ProductFactory(stock=5)


@pytest.fixture
def line(buyer, product):
    return delivered_line(buyer, product)
