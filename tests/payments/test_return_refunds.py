"""A prepaid return is refunded through the gateway (the Razorpay stand-in, reached by the
real SDK) once the artisan has the item back, and the buyer sees it on the order page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.models import ReturnRequest
from orders.returns import ReturnError, mark_cod_refund_paid
from payments.models import Refund
from tests.factories import ProductFactory
from tests.orders.returns_helpers import deliver
from tests.payments.conftest import gateway_order_for, post_webhook, prepaid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered_prepaid(standin, buyer, client):
    """A paid and delivered order: two Chikankari kurtas at ₹1,450."""
    kurta = ProductFactory(price=Decimal("1450.00"), stock=4, title="Chikankari kurta")
    order = prepaid_order(buyer, (kurta, 2))
    _payment, params = standin.pay(gateway_order_for(order).gateway_order_id)
    client.post(reverse("payments:razorpay_return"), params)
    order.refresh_from_db()
    assert order.payment_status == "paid"
    deliver(order.suborders.get())
    return order


def test_a_prepaid_return_is_refunded_at_the_gateway_and_shown_to_the_buyer(
    standin, buyer, client, delivered_prepaid, django_capture_on_commit_callbacks
):
    order = delivered_prepaid
    line = order.suborders.get().lines.get()
    artisan = order.suborders.get().seller.user
    client.force_login(buyer)
    form = client.get(reverse("orders:return_create", args=[order.number, line.pk]))
    assert "UPI" not in form.content.decode()  # prepaid: the money goes back the way it came
    client.post(
        reverse("orders:return_create", args=[order.number, line.pk]),
        {"quantity": 1, "reason": "defective", "note": "Stitching came loose"},
    )
    return_request = ReturnRequest.objects.get()
    client.force_login(artisan)
    action = reverse("console:return_action", args=[return_request.pk])
    client.post(action, {"action": "accept"})
    client.post(action, {"action": "pickup", "courier": "Delhivery", "tracking_number": "DL1"})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(action, {"action": "receive", "is_resellable": "no"})

    done = ReturnRequest.objects.get()
    assert done.status == "refunded" and done.refunded_amount == Decimal("1450.00")
    assert done.refund_reference == f"return:{done.pk}" and done.refunded_at
    refund = Refund.objects.get()
    assert refund.key == f"return:{done.pk}" and refund.amount == Decimal("1450.00")
    theirs = standin.refunds[refund.gateway_refund_id]
    assert theirs["amount"] == 145000 and theirs["notes"]["refund_key"] == refund.key
    post_webhook(client, standin, "refund.processed", refund={**theirs, "status": "processed"})
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Refunded ₹1,450 on" in page
    assert "Refund of ₹1,450 for the part from" in page and "sent back to you" in page
    with pytest.raises(ReturnError):  # a gateway refund is never marked paid by hand
        mark_cod_refund_paid(return_request=done, by=buyer, reference="x")
    assert Refund.objects.count() == 1


def test_the_hindi_order_page_shows_the_refund(
    standin, buyer, client, delivered_prepaid, django_capture_on_commit_callbacks
):
    from orders.returns import accept_return, book_pickup, mark_received, request_return

    line = delivered_prepaid.suborders.get().lines.get()
    artisan = line.suborder.seller.user
    return_request = request_return(line=line, buyer=buyer, quantity=2, reason="damaged")
    accept_return(return_request=return_request, by=artisan)
    book_pickup(return_request=return_request, by=artisan, courier="Delhivery", tracking_number="D")
    with django_capture_on_commit_callbacks(execute=True):
        mark_received(return_request=return_request, by=artisan, is_resellable=True)
    client.force_login(buyer)
    page = client.get("/hi" + delivered_prepaid.get_absolute_url()).content.decode()
    assert "को ₹2,900 लौटा दिए गए।" in page and "2 की वापसी: टूटा-फूटा पहुँचा" in page


def test_a_refunded_return_goes_on_the_artisans_ledger_once_not_again_as_a_refund(
    standin, buyer, client, delivered_prepaid, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from orders.returns import accept_return, book_pickup, mark_received, request_return
    from payments import ledger
    from payments.models import LedgerEntry

    suborder = delivered_prepaid.suborders.get()
    line = suborder.lines.get()
    artisan = suborder.seller.user
    return_request = request_return(line=line, buyer=buyer, quantity=1, reason="damaged")
    accept_return(return_request=return_request, by=artisan)
    book_pickup(return_request=return_request, by=artisan, courier="Delhivery", tracking_number="D")
    with django_capture_on_commit_callbacks(execute=True):
        mark_received(return_request=return_request, by=artisan, is_resellable=True)
    refund = Refund.objects.get()
    theirs = standin.refunds[refund.gateway_refund_id]
    post_webhook(client, standin, "refund.processed", refund={**theirs, "status": "processed"})
    assert Refund.objects.get().status == Refund.Status.PROCESSED

    ledger.accrue()
    ledger.accrue()
    kinds = list(
        LedgerEntry.objects.filter(suborder=suborder, key__startswith="return:").values_list(
            "kind", "amount"
        )
    )
    assert (LedgerEntry.Kind.RETURN, Decimal("-1450.00")) in kinds
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND).exists()
    call_command("check_ledger")  # raises CommandError when rows do not add up
