"""Query counts pinned on the payment hot paths (the webhook, the pay and order pages)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.fulfilment import transition_suborder
from tests.factories import ProductFactory
from tests.payments.conftest import gateway_order_for, post_webhook, prepaid_order

pytestmark = pytest.mark.django_db


def test_a_payment_webhook_and_its_replay_cost_few_queries(
    standin, buyer, client, django_assert_max_num_queries
):
    order = prepaid_order(buyer, (ProductFactory(), 1), (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id)
    body, headers = standin.event("payment.captured", payment=payment)
    extra = {k: v for k, v in headers.items() if k != "Content-Type"}

    with django_assert_max_num_queries(31):  # 3 outbox rows for 2 artisans: 4 queries each
        client.post("/payments/webhooks/razorpay/", body, "application/json", headers=extra)
    with django_assert_max_num_queries(6):  # the event row refused: nothing else
        client.post("/payments/webhooks/razorpay/", body, "application/json", headers=extra)


def test_the_order_page_with_payment_and_refunds_costs_few_queries(
    standin, buyer, client, django_assert_max_num_queries
):
    order = prepaid_order(buyer, (ProductFactory(price=Decimal("300")), 1), (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id)
    post_webhook(client, standin, "payment.captured", payment=payment)
    for suborder in order.suborders.all():
        transition_suborder(suborder=suborder, to_status="cancelled", by=None, note="x")
    client.force_login(buyer)

    with django_assert_max_num_queries(10):
        page = client.get(order.get_absolute_url()).content.decode()
    assert page.count("Refund of ₹") == 2


def test_the_pay_page_costs_few_queries(standin, buyer, client, django_assert_max_num_queries):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    client.force_login(buyer)
    url = reverse("payments:pay", kwargs={"number": order.number})

    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
