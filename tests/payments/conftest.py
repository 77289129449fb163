"""The Razorpay stand-in on a loopback port, the settings that point the SDK at it,
and helpers to place a prepaid order."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from django.utils import translation

from orders.models import Cart, Order
from orders.services import place_order
from payments.models import GatewayOrder
from payments.services import ensure_gateway_order
from payments.standin import StandInGateway
from tests.factories import CartItemFactory, UserFactory
from tests.orders.conftest import ADDRESS

KEY_ID = "rzp_test_standin"
KEY_SECRET = "standin-key-secret-" + "x" * 8
WEBHOOK_SECRET = "standin-webhook-secret"
WEBHOOK_PATH = "/payments/webhooks/razorpay/"


def start_standin(settings, **options) -> StandInGateway:
    standin = StandInGateway(
        key_id=KEY_ID, key_secret=KEY_SECRET, webhook_secret=WEBHOOK_SECRET, **options
    ).start()
    settings.RAZORPAY_KEY_ID = KEY_ID
    settings.RAZORPAY_KEY_SECRET = KEY_SECRET
    settings.RAZORPAY_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.RAZORPAY_BASE_URL = standin.base_url
    return standin


@pytest.fixture
def standin(settings) -> Iterator[StandInGateway]:
    """The stand-in gateway; webhooks are posted by the tests themselves."""
    gateway = start_standin(settings)
    yield gateway
    gateway.stop()


@pytest.fixture
def buyer():
    return UserFactory(email="buyer@example.com")


@pytest.fixture(autouse=True)
def _english_unless_told():
    with translation.override("en"):
        yield


def prepaid_order(buyer, *products_and_quantities, key: str | None = None) -> Order:
    """Place an order to pay online (stock held, awaiting payment)."""
    cart, _created = Cart.objects.get_or_create(user=buyer)
    for product, quantity in products_and_quantities:
        CartItemFactory(cart=cart, product=product, quantity=quantity)
    return place_order(
        buyer=buyer,
        cart=cart,
        address=ADDRESS,
        idempotency_key=key or secrets.token_hex(8),
        payment_method="razorpay",
    )


def gateway_order_for(order: Order) -> GatewayOrder:
    """The order's gateway order, created at the stand-in as the pay page does."""
    return ensure_gateway_order(GatewayOrder.objects.get(order=order))


def post_webhook(client, standin: StandInGateway, event: str, **entities):
    body, headers = standin.event(event, **entities)
    return (
        client.post(
            WEBHOOK_PATH,
            data=body,
            content_type="application/json",
            headers={k: v for k, v in headers.items() if k != "Content-Type"},
        ),
        body,
        headers,
    )
