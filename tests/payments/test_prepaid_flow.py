"""The prepaid flow end to end through the real SDK and the local stand-in gateway."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from catalog.models import Product
from orders.models import Notification, Order
from payments.gateway import from_paise, to_paise
from payments.models import GatewayOrder, Payment, WebhookEvent
from tests.factories import ProductFactory
from tests.payments.conftest import gateway_order_for, post_webhook, prepaid_order

pytestmark = pytest.mark.django_db


def test_rupees_and_paise_convert_in_one_place():
    assert to_paise(Decimal("1250.50")) == 125050
    assert to_paise(Decimal("0.01")) == 1
    assert from_paise(125050) == Decimal("1250.50")


def test_a_prepaid_order_holds_stock_awaits_payment_and_tells_no_artisan(standin, buyer):
    product = ProductFactory(price=Decimal("1250.50"), stock=5)

    order = prepaid_order(buyer, (product, 2))

    assert order.payment_method == "razorpay" and order.payment_status == "awaiting"
    assert Product.objects.get(pk=product.pk).stock == 3
    assert not Notification.objects.filter(order=order).exists()
    gateway_order = GatewayOrder.objects.get(order=order)
    assert gateway_order.amount == order.total and gateway_order.status == "awaiting"
    assert 899 <= (gateway_order.expires_at - order.placed_at).total_seconds() <= 901


def test_the_gateway_order_has_the_exact_paise_the_receipt_and_the_order_id(standin, buyer):
    order = prepaid_order(buyer, (ProductFactory(price=Decimal("899.50")), 1))

    gateway_order = gateway_order_for(order)

    theirs = standin.orders[gateway_order.gateway_order_id]
    assert theirs["amount"] == to_paise(order.total) == 95950  # 899.50 + 60.00 shipping
    assert theirs["currency"] == "INR"
    assert theirs["receipt"] == order.number
    assert theirs["notes"]["order_id"] == str(order.pk)


def test_return_with_a_valid_signature_pays_the_order_and_then_tells_the_artisan(
    standin, buyer, client, django_capture_on_commit_callbacks
):
    product = ProductFactory(price=Decimal("800.00"))
    order = prepaid_order(buyer, (product, 1))
    gateway_order = gateway_order_for(order)
    payment, params = standin.pay(gateway_order.gateway_order_id, method="upi")
    client.force_login(buyer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payments:razorpay_return"), params)

    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    order.refresh_from_db()
    assert order.payment_status == "paid"
    recorded = Payment.objects.get(gateway_payment_id=payment["id"])
    assert (recorded.method, recorded.status, recorded.amount) == ("upi", "captured", order.total)
    assert list(recorded.events.values_list("to_status", flat=True)) == ["created", "captured"]
    kinds = sorted(Notification.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds == ["new_order", "order_confirmation"]
    assert {m.to[0] for m in mail.outbox} == {buyer.email, product.seller.user.email}


def test_the_return_works_without_the_buyers_session(standin, buyer, client):
    """The gateway posts the return cross-site: no session cookie, no CSRF token."""
    order = prepaid_order(buyer, (ProductFactory(), 1))
    _payment, params = standin.pay(gateway_order_for(order).gateway_order_id)
    client.handler.enforce_csrf_checks = True

    response = client.post(reverse("payments:razorpay_return"), params)

    assert response.status_code == 302
    assert Order.objects.get(pk=order.pk).payment_status == "paid"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: {**p, "razorpay_signature": "0" * 64},
        lambda p: {k: v for k, v in p.items() if k != "razorpay_signature"},
        lambda p: {**p, "razorpay_signature": "ñ" * 64},
        lambda p: {**p, "razorpay_payment_id": "pay_SomeoneElses01"},
    ],
    ids=["forged", "missing", "not-ascii", "other-payment"],
)
def test_a_forged_or_missing_return_signature_gets_400_and_changes_nothing(
    standin, buyer, client, tamper
):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    _payment, params = standin.pay(gateway_order_for(order).gateway_order_id)

    response = client.post(reverse("payments:razorpay_return"), tamper(params))

    assert response.status_code == 400
    assert Order.objects.get(pk=order.pk).payment_status == "awaiting"
    assert not Payment.objects.exists()
    assert not Notification.objects.filter(order=order).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Razorpay-Signature": "0" * 64},
        {},
        {"X-Razorpay-Signature": ""},
    ],
    ids=["forged", "missing", "empty"],
)
def test_a_forged_or_missing_webhook_signature_gets_400_and_changes_nothing(
    standin, buyer, client, headers
):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id)
    body, _signed = standin.event("payment.captured", payment=payment)

    response = client.post(
        "/payments/webhooks/razorpay/",
        data=body,
        content_type="application/json",
        headers={"X-Razorpay-Event-Id": "evt_forged000001", **headers},
    )

    assert response.status_code == 400
    assert Order.objects.get(pk=order.pk).payment_status == "awaiting"
    assert not Payment.objects.exists() and not WebhookEvent.objects.exists()


def test_a_webhook_signed_for_another_body_gets_400(standin, buyer, client):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id)
    body, headers = standin.event("payment.captured", payment=payment)
    forged = body.replace(b'"captured"', b'"captured" ', 1)

    response = client.post(
        "/payments/webhooks/razorpay/",
        data=forged,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "Content-Type"},
    )

    assert response.status_code == 400
    assert Order.objects.get(pk=order.pk).payment_status == "awaiting"


def test_the_webhook_alone_pays_the_order(standin, buyer, client):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id, method="card")

    response, _body, _headers = post_webhook(client, standin, "payment.captured", payment=payment)

    assert response.status_code == 200 and response.content == b"paid"
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
    assert Payment.objects.get().method == "card"


def test_a_replayed_webhook_has_no_second_effect(standin, buyer, client):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id)
    body, headers = standin.event(
        "order.paid", payment=payment, order=standin.orders[payment["order_id"]]
    )
    extra = {k: v for k, v in headers.items() if k != "Content-Type"}

    first = client.post("/payments/webhooks/razorpay/", body, "application/json", headers=extra)
    notices = Notification.objects.filter(order=order).count()
    events = Payment.objects.get().events.count()
    second = client.post("/payments/webhooks/razorpay/", body, "application/json", headers=extra)

    assert (first.content, second.content) == (b"paid", b"replay")
    assert second.status_code == 200
    assert WebhookEvent.objects.count() == 1
    assert Notification.objects.filter(order=order).count() == notices == 2
    assert Payment.objects.get().events.count() == events


def test_an_amount_mismatch_is_flagged_for_operations_and_not_paid(standin, buyer, client):
    order = prepaid_order(buyer, (ProductFactory(price=Decimal("1000.00")), 1))
    gateway_order = gateway_order_for(order)
    payment, params = standin.pay(gateway_order.gateway_order_id, amount=100)  # ₹1

    client.post(reverse("payments:razorpay_return"), params)
    post_webhook(client, standin, "payment.captured", payment=payment)

    order.refresh_from_db()
    assert order.payment_status == "awaiting"
    recorded = Payment.objects.get()
    assert recorded.status == "captured" and "1.00 INR" in recorded.attention
    assert not Notification.objects.filter(order=order).exists()
    assert GatewayOrder.objects.get(pk=gateway_order.pk).accepted_payment is None


def test_a_currency_mismatch_is_flagged_and_not_paid(standin, buyer, client):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id, currency="USD")

    post_webhook(client, standin, "payment.captured", payment=payment)

    assert Order.objects.get(pk=order.pk).payment_status == "awaiting"
    assert "USD" in Payment.objects.get().attention


def test_a_failed_payment_is_kept_with_its_reason_and_the_buyer_can_try_again(
    standin, buyer, client
):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    gateway_order = gateway_order_for(order)
    failed, params = standin.pay(gateway_order.gateway_order_id, succeed=False, method="netbanking")
    client.force_login(buyer)

    response = client.post(reverse("payments:razorpay_return"), params)
    post_webhook(client, standin, "payment.failed", payment=failed)

    assert response["Location"] == reverse("payments:pay", kwargs={"number": order.number})
    recorded = Payment.objects.get()
    assert recorded.status == "failed" and recorded.method == "netbanking"
    assert recorded.failure_reason == "Payment was declined by the bank."
    assert Order.objects.get(pk=order.pk).payment_status == "awaiting"
    paid, params = standin.pay(gateway_order.gateway_order_id)
    client.post(reverse("payments:razorpay_return"), params)
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
    assert Payment.objects.count() == 2


def test_the_pay_page_posts_to_the_gateway_and_opens_only_its_origin(standin, buyer, client):
    order = prepaid_order(buyer, (ProductFactory(), 1))
    client.force_login(buyer)

    response = client.get(reverse("payments:pay", kwargs={"number": order.number}))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{standin.base_url}/v1/checkout/embedded"' in page
    assert GatewayOrder.objects.get(order=order).gateway_order_id in page
    # Directives in any order (the policy is built from a dict of sets).
    policy = {d.strip() for d in response["Content-Security-Policy"].split(";")}
    assert f"form-action 'self' {standin.base_url}" in policy
    assert "script-src 'self'" in policy  # the gateway opens no script on our pages
    other = client.get(order.get_absolute_url())
    assert standin.base_url not in other["Content-Security-Policy"]


def test_a_double_submit_makes_one_gateway_order(standin, buyer, client):
    ProductFactory()
    product = ProductFactory()
    client.force_login(buyer)
    client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})
    data = {
        "address": "new",
        "payment_method": "razorpay",
        "idempotency_key": "same-checkout",
        "new-full_name": "Asha Devi",
        "new-mobile": "9876543210",
        "new-line1": "12 Chowk Bazaar",
        "new-city": "Varanasi",
        "new-state": "UP",
        "new-pin_code": "221001",
    }

    first = client.post(reverse("orders:checkout"), data)
    second = client.post(reverse("orders:checkout"), data)
    for response in (first, second):
        assert response.status_code == 302
        client.get(response["Location"])

    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1
    assert GatewayOrder.objects.count() == 1
    assert len(standin.orders) == 1
    assert [r for r in standin.requests if r == ("POST", "/v1/orders")] == [("POST", "/v1/orders")]


def test_checkout_offers_online_payment_only_with_the_keys(settings, buyer, client):
    product = ProductFactory()
    client.force_login(buyer)
    client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})
    settings.RAZORPAY_KEY_ID = settings.RAZORPAY_KEY_SECRET = settings.RAZORPAY_WEBHOOK_SECRET = ""

    without = client.get(reverse("orders:checkout")).content.decode()
    settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET = "rzp_test_x", "secret"
    settings.RAZORPAY_WEBHOOK_SECRET = "whsec"
    with_keys = client.get(reverse("orders:checkout")).content.decode()

    assert 'value="razorpay"' not in without and 'value="cod"' in without
    assert 'value="razorpay"' in with_keys and "Pay online (UPI, card, netbanking)" in with_keys


def test_cash_on_delivery_above_the_ceiling_asks_to_pay_online(standin, settings, buyer):
    from orders.services import CheckoutError
    from tests.orders.conftest import order_for

    settings.COD_MAX_ORDER_TOTAL = "2000.00"
    product = ProductFactory(price=Decimal("2500.00"))

    with pytest.raises(CheckoutError, match="pay online"):
        order_for(buyer, (product, 1))
    assert prepaid_order(buyer).payment_status == "awaiting"  # the same cart, paid online


def test_cash_on_delivery_orders_are_paid_once_every_part_is_delivered(buyer):
    from orders.fulfilment import transition_suborder
    from tests.orders.conftest import order_for

    order = order_for(buyer, (ProductFactory(), 1), (ProductFactory(), 1))
    first, second = order.suborders.order_by("pk")
    transition_suborder(suborder=second, to_status="cancelled", by=buyer, note="changed mind")
    for status in ("accepted", "shipped"):
        transition_suborder(
            suborder=first, to_status=status, by=None, courier="DTDC", tracking_number="1"
        )
    assert Order.objects.get(pk=order.pk).payment_status == "pending"

    transition_suborder(suborder=first, to_status="delivered", by=None)

    assert Order.objects.get(pk=order.pk).payment_status == "paid"


def test_no_secret_reaches_the_logs_even_when_the_gateway_is_down(
    standin, settings, buyer, client, caplog, capsys
):
    import logging

    from tests.payments.conftest import KEY_SECRET, WEBHOOK_SECRET

    caplog.set_level(logging.DEBUG)
    order = prepaid_order(buyer, (ProductFactory(), 1))
    client.force_login(buyer)
    payment, params = standin.pay(gateway_order_for(order).gateway_order_id)
    client.post(reverse("payments:razorpay_return"), {**params, "razorpay_signature": "f" * 64})
    post_webhook(client, standin, "payment.captured", payment=payment)
    other = prepaid_order(buyer, (ProductFactory(), 1))
    settings.RAZORPAY_BASE_URL = "http://127.0.0.1:9"  # nothing listens: the gateway is down

    response = client.get(reverse("payments:pay", kwargs={"number": other.number}))

    assert "The payment service is not answering" in response.content.decode()
    assert GatewayOrder.objects.get(order=other).claimed_at is None  # free to try again
    written = caplog.text + capsys.readouterr().out
    assert "not created" in written  # the failure is logged…
    assert KEY_SECRET not in written and WEBHOOK_SECRET not in written  # …without secrets


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"event": "payment.captured"}',
        b'{"event": "payment.captured", "payload": {"payment": {}}}',
        b'{"event": "payment.captured", "payload": {"payment": {"entity": {"id": 1}}}}',
        b'{"event": "payment.captured", "payload": {"payment": {"entity": '
        b'{"id": "pay_x", "order_id": "order_x", "amount": "1e309", "status": "captured"}}}}',
        b'{"event": "refund.processed", "payload": {"refund": {"entity": []}}}',
        b'{"event": "payment.captured", "payload": {"payment": {"entity": '
        b'{"id": "pay_\\u0000", "order_id": "order_\\u0000", "amount": 1, "status": "captured"}}}}',
        "\u202e\u200b".encode(),
    ],
)
def test_a_signed_but_malformed_webhook_gets_400_or_is_ignored_never_500(standin, client, body):
    from payments.standin import sign
    from tests.payments.conftest import WEBHOOK_SECRET

    response = client.post(
        "/payments/webhooks/razorpay/",
        data=body,
        content_type="application/json",
        headers={"X-Razorpay-Signature": sign(WEBHOOK_SECRET, body)},
    )

    assert response.status_code in (200, 400)
    assert not Payment.objects.exists()


def test_the_artisan_sees_a_prepaid_order_only_once_it_is_paid(standin, buyer, client):
    product = ProductFactory()
    order = prepaid_order(buyer, (product, 1))
    part = order.suborders.get()
    client.force_login(product.seller.user)
    orders_page = reverse("console:order_list")
    part_page = reverse("console:order_detail", kwargs={"pk": part.pk})

    assert order.number not in client.get(orders_page).content.decode()
    assert client.get(part_page).status_code == 404

    _payment, params = standin.pay(gateway_order_for(order).gateway_order_id)
    client.post(reverse("payments:razorpay_return"), params)

    assert order.number in client.get(orders_page).content.decode()
    assert client.get(part_page).status_code == 200


def test_a_replay_under_a_new_event_id_changes_nothing_either(standin, buyer, client):
    """The event id header is not covered by the signature: effects are idempotent too."""
    order = prepaid_order(buyer, (ProductFactory(), 1))
    payment, _params = standin.pay(gateway_order_for(order).gateway_order_id)
    body, headers = standin.event("payment.captured", payment=payment)
    signature = {"X-Razorpay-Signature": headers["X-Razorpay-Signature"]}

    first = client.post(
        "/payments/webhooks/razorpay/",
        body,
        "application/json",
        headers={**signature, "X-Razorpay-Event-Id": "evt_First0000001"},
    )
    again = client.post(
        "/payments/webhooks/razorpay/",
        body,
        "application/json",
        headers={**signature, "X-Razorpay-Event-Id": "evt_Forged000002"},
    )

    assert (first.content, again.content) == (b"paid", b"already-paid")
    assert Payment.objects.get().events.count() == 2
    assert Notification.objects.filter(order=order).count() == 2


def test_a_second_payment_for_a_paid_order_is_refunded_in_full(
    standin, buyer, client, django_capture_on_commit_callbacks
):
    from payments.models import Refund

    order = prepaid_order(buyer, (ProductFactory(), 1))
    gateway_order = gateway_order_for(order)
    _first, first_params = standin.pay(gateway_order.gateway_order_id)
    second, second_params = standin.pay(gateway_order.gateway_order_id)  # another tab
    client.post(reverse("payments:razorpay_return"), first_params)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("payments:razorpay_return"), second_params)

    refund = Refund.objects.get()
    assert refund.payment.gateway_payment_id == second["id"] and refund.amount == order.total
    assert standin.refunds[refund.gateway_refund_id]["payment_id"] == second["id"]
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
