"""Helpers for the orders tests."""

import secrets

import pytest
from django.utils import translation

from orders.models import Cart
from orders.services import ShippingAddress, place_order
from tests.factories import CartItemFactory, UserFactory

ADDRESS = ShippingAddress(
    full_name="Asha Devi",
    mobile="+919876543210",
    line1="12 Chowk Bazaar",
    city="Varanasi",
    state="UP",
    pin_code="221001",
)


def order_for(buyer, *products_and_quantities, key=None):
    """Fill the buyer's cart with (product, quantity) pairs and place the order."""
    cart, _created = Cart.objects.get_or_create(user=buyer)
    for product, quantity in products_and_quantities:
        CartItemFactory(cart=cart, product=product, quantity=quantity)
    return place_order(
        buyer=buyer, cart=cart, address=ADDRESS, idempotency_key=key or secrets.token_hex(8)
    )


@pytest.fixture
def buyer():
    return UserFactory(email="buyer@example.com")


@pytest.fixture(autouse=True)
def _english_unless_told():
    """Start each test in English: another test's request may have left Hindi active."""
    with translation.override("en"):
        yield
