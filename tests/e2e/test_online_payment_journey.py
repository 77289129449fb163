"""Journey: shoppers in Hindi pay online through the stand-in gateway's hosted page, and
cancel a prepaid order to see the refund. The real SDK talks to the local stand-in;
its webhooks reach the live server; nothing leaves the machine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from orders.models import Order
from payments.models import Payment, Refund
from tests.e2e.conftest import (
    E2E,
    Journey,
    hi,
    log_in_browser,
    make_shopper,
    rupees,
    serious_violations,
)
from tests.factories import AddressFactory, ProductFactory
from tests.payments.conftest import WEBHOOK_PATH, gateway_order_for, prepaid_order, start_standin

pytestmark = E2E


@pytest.fixture
def journey(request) -> Journey:
    """One screenshots folder per journey: online-pay/ and online-refund/."""
    return Journey("online-" + ("refund" if "refund" in request.node.name else "pay"))


@pytest.fixture
def gateway(settings, site):
    """The stand-in, sending its webhooks to the live server by itself, like Razorpay."""
    standin = start_standin(settings, webhook_url=site + WEBHOOK_PATH, auto_webhooks=True)
    yield standin
    standin.stop()


def _reload_until(page, text: str, tries: int = 20) -> None:
    """Webhooks arrive on their own time: look again until the page says ``text``."""
    for _ in range(tries):
        if text in page.locator("main").inner_text():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator("main")).to_contain_text(text)


def test_a_shopper_in_hindi_pays_online_by_upi_and_sees_the_paid_order(
    page, site, gateway, journey
):
    shopper = make_shopper("meera@example.com")
    AddressFactory(user=shopper, full_name="मीरा")
    product = ProductFactory(title_hi="पीतल का दीया", price=Decimal("650.00"), stock=4)
    log_in_browser(page, site, shopper)

    page.goto(f"{site}/hi/products/{product.slug}/")
    page.get_by_role("button", name=hi("Add to cart")).click()
    page.wait_for_url("**/hi/cart/")
    page.get_by_role("link", name=hi("Proceed to checkout")).click()
    page.wait_for_url("**/hi/checkout/")
    form = page.locator("form.checkout-form")
    form.get_by_label(hi("Pay online (UPI, card, netbanking)")).check()
    journey.shot(page, "checkout")
    form.get_by_role("button", name=hi("Place order: %(total)s").split("%")[0]).click()

    # Our pay page: the amount, and a button to the gateway's hosted checkout.
    page.wait_for_url("**/hi/payments/pay/*/")
    order = Order.objects.get(buyer=shopper)
    assert order.payment_status == "awaiting"
    expect(page.locator("main")).to_contain_text(rupees(order.total))
    expect(page.locator("main")).not_to_contain_text(
        hi("Thank you! Your order %(number)s is placed.") % {"number": order.number}
    )
    journey.shot(page, "pay-page")
    assert not serious_violations(page), serious_violations(page)
    page.get_by_role("button", name=hi("Pay %(total)s now").split("%")[0].strip()).click()

    # The stand-in's hosted page: UPI, pay.
    page.wait_for_url(f"{gateway.base_url}/v1/checkout/embedded")
    expect(page.locator("body")).to_contain_text("INR 710.00")
    page.get_by_label("UPI").check()
    journey.shot(page, "gateway-page")
    page.get_by_role("button", name="Pay INR").click()

    # Back on our order page, in Hindi, paid.
    page.wait_for_url(f"**/hi/orders/{order.number}/")
    expect(page.locator("main")).to_contain_text(
        hi("Thank you! Your payment is received and order %(number)s is placed.")
        % {"number": order.number}
    )
    expect(page.locator("main")).to_contain_text(hi("UPI"))
    journey.shot(page, "paid-order")
    assert not serious_violations(page), serious_violations(page)
    order.refresh_from_db()
    assert order.payment_status == "paid"
    assert Payment.objects.get(gateway_order__order=order).method == "upi"
    gateway.wait_for_webhooks()
    assert ("payment.captured", 200) in gateway.delivered


def test_a_shopper_cancels_a_prepaid_order_and_sees_the_refund(page, site, gateway, journey):
    shopper = make_shopper("kavita@example.com")
    product = ProductFactory(title_hi="चिकनकारी कुर्ता", price=Decimal("1450.00"), stock=2)
    order = prepaid_order(shopper, (product, 1))
    _payment, params = gateway.pay(gateway_order_for(order).gateway_order_id, webhooks=False)
    Client().post(reverse("payments:razorpay_return"), params)
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
    log_in_browser(page, site, shopper)

    page.goto(f"{site}/hi/orders/{order.number}/")
    journey.shot(page, "paid-order")
    page.get_by_role("button", name=hi("Cancel the whole order")).click()
    page.wait_for_url(f"**/hi/orders/{order.number}/")
    # The refund line is there at once ("being processed" until the webhook confirms it).
    expect(page.locator("main")).to_contain_text(hi("Cancelled. The artisan has been told."))
    journey.shot(page, "cancelled")

    _reload_until(page, hi("sent back to you"))
    expect(page.locator("main")).to_contain_text(rupees(Decimal("1450.00")))
    journey.shot(page, "refunded")
    refund = Refund.objects.get()
    assert refund.status == "processed" and refund.amount == Decimal("1450.00")
    assert Order.objects.get(pk=order.pk).payment_status == "refunded"
