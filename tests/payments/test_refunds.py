"""Cancelling a paid part refunds exactly that part through the gateway, once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Product
from orders.fulfilment import cancel_order, transition_suborder
from orders.models import Order
from payments.models import Payment, Refund
from payments.refunds import send_refund
from tests.factories import ProductFactory
from tests.payments.conftest import gateway_order_for, post_webhook, prepaid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(standin, buyer, client):
    """A paid order from two artisans: ₹1,200 (free shipping) and ₹300 + ₹60 shipping."""
    saree = ProductFactory(price=Decimal("1200.00"), stock=3)
    diya = ProductFactory(price=Decimal("150.00"), stock=10)
    order = prepaid_order(buyer, (saree, 1), (diya, 2))
    payment, params = standin.pay(gateway_order_for(order).gateway_order_id)
    client.post(reverse("payments:razorpay_return"), params)
    order.refresh_from_db()
    assert order.payment_status == "paid" and order.total == Decimal("1560.00")
    return order


def _part(order, price):
    return next(s for s in order.suborders.all() if s.lines.first().unit_price == price)


def test_cancelling_one_artisans_part_refunds_exactly_that_part_with_its_shipping(
    standin, buyer, client, paid_order, django_capture_on_commit_callbacks
):
    diya_part = _part(paid_order, Decimal("150.00"))
    client.force_login(buyer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("orders:order_cancel", kwargs={"number": paid_order.number}),
            {"suborder": diya_part.pk},
        )

    refund = Refund.objects.get()
    assert refund.suborder == diya_part and refund.amount == Decimal("360.00")
    assert refund.status == "pending" and refund.gateway_refund_id
    theirs = standin.refunds[refund.gateway_refund_id]
    assert theirs["amount"] == 36000 and theirs["notes"]["refund_key"] == refund.key
    assert standin.payments[theirs["payment_id"]]["refund_status"] == "partial"

    post_webhook(client, standin, "refund.processed", refund={**theirs, "status": "processed"})

    refund.refresh_from_db()
    assert refund.status == "processed" and refund.processed_at
    order = Order.objects.get(pk=paid_order.pk)
    assert order.payment_status == "paid"  # the other part is still paid for
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Refund of ₹360 for the part from" in page and "sent back to you" in page


def test_a_retried_cancel_refunds_once(
    standin, buyer, paid_order, django_capture_on_commit_callbacks
):
    from orders.fulfilment import TransitionError

    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=paid_order, by=buyer, reason="changed my mind")
    with pytest.raises(TransitionError), django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=paid_order, by=buyer, reason="changed my mind")
    for refund in Refund.objects.all():
        assert send_refund(refund_id=refund.pk) == "skipped"  # the task run twice

    assert Refund.objects.count() == 2
    assert sorted(r["amount"] for r in standin.refunds.values()) == [36000, 120000]
    assert sum(r.amount for r in Refund.objects.all()) == paid_order.total


def test_a_refund_sent_but_not_saved_is_found_again_not_made_twice(standin, buyer, paid_order):
    """A worker that died after the gateway call: the retry adopts the gateway's refund."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("payments.refunds.enqueue_refund", lambda pk: None)
        transition_suborder(
            suborder=_part(paid_order, Decimal("1200.00")),
            to_status="cancelled",
            by=buyer,
            note="x",
        )
    refund = Refund.objects.get()
    payment_id = refund.payment.gateway_payment_id
    standin.refund(payment_id, {"amount": 120000, "notes": {"refund_key": refund.key}})
    Refund.objects.filter(pk=refund.pk).update(claimed_at=None)

    assert send_refund(refund_id=refund.pk) == "sent"

    assert len(standin.refunds) == 1
    refund.refresh_from_db()
    assert refund.gateway_refund_id == next(iter(standin.refunds))


def test_a_whole_refund_marks_the_payment_and_order_refunded_and_stock_comes_back(
    standin, buyer, client, paid_order, django_capture_on_commit_callbacks
):
    saree = _part(paid_order, Decimal("1200.00")).lines.first().product
    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=paid_order, by=buyer, reason="changed my mind")
    for theirs in list(standin.refunds.values()):
        post_webhook(client, standin, "refund.processed", refund={**theirs, "status": "processed"})

    assert Order.objects.get(pk=paid_order.pk).payment_status == "refunded"
    payment = Payment.objects.get()
    assert payment.status == "refunded"
    assert list(payment.events.values_list("to_status", flat=True))[-1] == "refunded"
    assert Product.objects.get(pk=saree.pk).stock == 3


def test_a_failed_refund_is_shown_to_operations_and_the_buyer(
    standin, buyer, client, paid_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        transition_suborder(
            suborder=_part(paid_order, Decimal("150.00")), to_status="cancelled", by=None, note="x"
        )
    theirs = next(iter(standin.refunds.values()))

    post_webhook(
        client,
        standin,
        "refund.failed",
        refund={**theirs, "status": "failed", "error_description": "Account closed"},
    )

    refund = Refund.objects.get()
    assert refund.status == "failed" and refund.failure_reason == "Account closed"
    client.force_login(buyer)
    page = client.get(paid_order.get_absolute_url()).content.decode()
    assert "delayed; our team is on it" in page


def test_the_artisan_cancelling_refunds_the_part_too(
    standin, paid_order, client, django_capture_on_commit_callbacks
):
    part = _part(paid_order, Decimal("1200.00"))
    client.force_login(part.seller.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("console:order_detail", kwargs={"pk": part.pk}),
            {"action": "cancel", "reason": "Out of silk"},
        )

    refund = Refund.objects.get()
    assert refund.amount == Decimal("1200.00") and refund.reason == "Out of silk"
    assert standin.refunds[refund.gateway_refund_id]["amount"] == 120000


def test_a_refund_waits_out_a_gateway_outage_and_is_sent_once_it_answers(
    standin, settings, buyer, paid_order, django_capture_on_commit_callbacks
):
    from payments.gateway import GatewayUnavailable
    from payments.tasks import send_pending_refunds

    base_url = settings.RAZORPAY_BASE_URL
    settings.RAZORPAY_BASE_URL = "http://127.0.0.1:9"  # the gateway is down
    with django_capture_on_commit_callbacks(execute=True):
        transition_suborder(
            suborder=_part(paid_order, Decimal("150.00")), to_status="cancelled", by=None, note="x"
        )
    refund = Refund.objects.get()
    assert (refund.status, refund.gateway_refund_id, refund.claimed_at) == ("queued", "", None)
    with pytest.raises(GatewayUnavailable):
        send_refund(refund_id=refund.pk)

    settings.RAZORPAY_BASE_URL = base_url
    assert send_pending_refunds(older_than_seconds=0) == 1  # the beat sweep

    refund.refresh_from_db()
    assert refund.status == "pending" and refund.gateway_refund_id in standin.refunds
    assert refund.attempts == 3  # the task's try at commit, the one above, the sweep's
    assert send_pending_refunds(older_than_seconds=0) == 0
    assert len(standin.refunds) == 1


def test_operations_cancelling_in_admin_refunds_the_part(
    standin, paid_order, django_capture_on_commit_callbacks
):
    from django.test import Client

    from tests.admin.conftest import OPERATIONS, make_staff, sign_in_with_code
    from tests.roles import restore_staff_roles

    restore_staff_roles()
    part = _part(paid_order, Decimal("150.00"))
    operations = Client()
    sign_in_with_code(operations, make_staff(group=OPERATIONS))

    with django_capture_on_commit_callbacks(execute=True):
        operations.post(
            "/admin/orders/suborder/",
            {
                "action": "cancel_parts",
                "_selected_action": [part.pk],
                "apply": "1",
                "reason": "The artisan cannot deliver",
            },
        )

    part.refresh_from_db()
    assert part.status == "cancelled" and part.cancel_reason == "The artisan cannot deliver"
    refund = Refund.objects.get()
    assert refund.suborder == part and refund.amount == Decimal("360.00")
    assert standin.refunds[refund.gateway_refund_id]["amount"] == 36000
