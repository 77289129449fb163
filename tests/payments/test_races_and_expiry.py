"""Concurrency on real PostgreSQL: each thread has its own connection."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from orders.models import Notification, Order, SubOrderEvent
from payments.models import GatewayOrder, Payment, PaymentEvent, Refund
from payments.services import expire_unpaid_orders
from tests.factories import ProductFactory
from tests.payments.conftest import WEBHOOK_PATH, gateway_order_for, prepaid_order

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(fn):
    def wrapper(*args):
        try:
            return fn(*args)
        finally:
            connections.close_all()

    return wrapper


def test_callback_and_webhook_racing_for_one_payment_make_one_state_change(standin, buyer):
    product = ProductFactory(price=Decimal("700.00"))
    order = prepaid_order(buyer, (product, 1))
    payment, params = standin.pay(gateway_order_for(order).gateway_order_id)
    body, headers = standin.event("payment.captured", payment=payment)
    body2, headers2 = standin.event(
        "order.paid", payment=payment, order=standin.orders[payment["order_id"]]
    )
    start = threading.Barrier(4)

    @_in_thread
    def arrive(which):
        client = Client()
        start.wait()
        if which in (0, 2):
            return client.post(reverse("payments:razorpay_return"), params).status_code
        b, h = (body, headers) if which == 1 else (body2, headers2)
        extra = {k: v for k, v in h.items() if k != "Content-Type"}
        return client.post(WEBHOOK_PATH, b, "application/json", headers=extra).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(arrive, range(4)))

    assert codes == [302, 200, 302, 200]
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
    assert Payment.objects.count() == 1
    assert list(PaymentEvent.objects.values_list("to_status", flat=True)) == [
        "created",
        "captured",
    ]
    assert Notification.objects.filter(order=order, kind="new_order").count() == 1
    assert Notification.objects.filter(order=order, kind="order_confirmation").count() == 1
    assert GatewayOrder.objects.get(order=order).paid_at is not None


def test_expiry_releases_stock_once_when_two_sweeps_run_at_the_same_time(standin, buyer):
    product = ProductFactory(stock=5)
    order = prepaid_order(buyer, (product, 2))
    assert Product.objects.get(pk=product.pk).stock == 3
    later = timezone.now() + timedelta(minutes=16)
    start = threading.Barrier(2)

    @_in_thread
    def sweep(_i):
        start.wait()
        return expire_unpaid_orders(now=later)

    with ThreadPoolExecutor(max_workers=2) as pool:
        expired = list(pool.map(sweep, range(2)))

    assert sorted(expired) == [0, 1]
    assert Product.objects.get(pk=product.pk).stock == 5
    assert Order.objects.get(pk=order.pk).payment_status == "expired"
    assert GatewayOrder.objects.get(order=order).status == "expired"
    assert SubOrderEvent.objects.filter(suborder__order=order, to_status="cancelled").count() == 1
    assert expire_unpaid_orders(now=later) == 0  # and a third sweep later finds nothing


def test_an_order_within_its_time_is_not_expired(standin, buyer):
    product = ProductFactory(stock=5)
    prepaid_order(buyer, (product, 1))

    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=14)) == 0
    assert Product.objects.get(pk=product.pk).stock == 4


def test_a_payment_after_expiry_is_refunded_in_full(standin, buyer):
    product = ProductFactory(price=Decimal("500.00"), stock=5)
    order = prepaid_order(buyer, (product, 1))
    gateway_order = gateway_order_for(order)
    expire_unpaid_orders(now=timezone.now() + timedelta(minutes=16))
    assert Product.objects.get(pk=product.pk).stock == 5

    _payment, params = standin.pay(gateway_order.gateway_order_id)
    response = Client().post(reverse("payments:razorpay_return"), params)

    assert response.status_code == 302
    refund = Refund.objects.get()
    assert refund.amount == order.total == Decimal("560.00")
    assert refund.reason == "Paid after the order expired"
    assert refund.gateway_refund_id and len(standin.refunds) == 1
    assert Product.objects.get(pk=product.pk).stock == 5  # the stock stays released
    assert not Notification.objects.filter(order=order, kind="new_order").exists()


def test_the_pay_page_expires_an_order_whose_time_ran_out(standin, buyer):
    product = ProductFactory(stock=5)
    order = prepaid_order(buyer, (product, 1))
    GatewayOrder.objects.filter(order=order).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client = Client()
    client.force_login(buyer)

    response = client.get(reverse("payments:pay", kwargs={"number": order.number}))

    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert Product.objects.get(pk=product.pk).stock == 5
    assert not standin.orders  # no gateway order for an order that can no longer be paid


def test_concurrent_pay_pages_make_one_gateway_order(standin, buyer):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    start = threading.Barrier(4)

    @_in_thread
    def open_pay_page(_i):
        client = Client()
        client.force_login(buyer)
        start.wait()
        return client.get(reverse("payments:pay", kwargs={"number": order.number})).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(open_pay_page, range(4)))

    assert codes == [200, 200, 200, 200]
    assert len(standin.orders) == 1
    assert GatewayOrder.objects.get(order=order).gateway_order_id in standin.orders


def test_a_payment_after_the_buyer_cancelled_the_unpaid_order_is_refunded(standin, buyer):
    from orders.fulfilment import cancel_order

    product = ProductFactory(stock=5)
    order = prepaid_order(buyer, (product, 1))
    gateway_order = gateway_order_for(order)
    cancel_order(order=order, by=buyer, reason="changed my mind")
    assert Order.objects.get(pk=order.pk).payment_status == "not_due"
    assert GatewayOrder.objects.get(pk=gateway_order.pk).status == "cancelled"

    _payment, params = standin.pay(gateway_order.gateway_order_id)  # from a tab left open
    Client().post(reverse("payments:razorpay_return"), params)

    refund = Refund.objects.get()
    assert refund.amount == order.total and refund.reason == "Paid after the order was cancelled"
    assert Product.objects.get(pk=product.pk).stock == 5
