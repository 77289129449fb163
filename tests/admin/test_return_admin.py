"""Operations and returns: disputes decided with a reason, COD refunds marked paid, the
evidence side by side."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.evidence import process_evidence_photo
from orders.models import ReturnRequest
from orders.returns import (
    Payout,
    accept_return,
    book_pickup,
    dispute_return,
    mark_received,
    reject_return,
    request_return,
)
from tests.factories import ProductFactory, UserFactory
from tests.orders.returns_helpers import delivered_order, jpeg

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:orders_returnrequest_changelist"


def _return(buyer, *, price="750.00", quantity=2, photos=(), packing_photos=()):
    order = delivered_order(
        buyer, (ProductFactory(price=Decimal(price)), quantity), packing_photos=packing_photos
    )
    line = order.suborders.get().lines.get()
    return_request = request_return(
        line=line,
        buyer=buyer,
        quantity=quantity,
        reason="wrong_item",
        photos=list(photos),
        payout=Payout(upi_id="asha.devi@okaxis"),
    )
    return order, return_request, order.suborders.get().seller.user


def test_operations_mark_a_cod_refund_paid_with_a_reference_and_the_buyer_sees_it(
    client, operations_client
):
    buyer = UserFactory()
    order, return_request, artisan = _return(buyer)
    accept_return(return_request=return_request, by=artisan)
    book_pickup(
        return_request=return_request, by=artisan, courier="Delhivery", tracking_number="D1"
    )
    mark_received(return_request=return_request, by=artisan, is_resellable=True)
    listing = operations_client.get(reverse(CHANGELIST)).content.decode()
    assert "UPI XXXXXXXvi@okaxis" in listing and "asha.devi@okaxis" not in listing

    asked = operations_client.post(
        reverse(CHANGELIST),
        {"action": "mark_cod_refund_paid", "_selected_action": [return_request.pk]},
    )
    assert "Mark cash-on-delivery refunds paid" in asked.content.decode()
    assert ReturnRequest.objects.get().status == "received"
    response = operations_client.post(
        reverse(CHANGELIST),
        {
            "action": "mark_cod_refund_paid",
            "_selected_action": [return_request.pk],
            "apply": "1",
            "reason": "UPI UTR 412345678901",
        },
    )

    assert response.status_code == 302
    done = ReturnRequest.objects.get()
    assert done.status == "refunded" and done.refunded_amount == Decimal("1500.00")
    assert done.refund_reference == "UPI UTR 412345678901" and done.refunded_at
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Refunded ₹1,500 on" in page and "UPI UTR 412345678901" in page
    assert "asha.devi@okaxis" not in page


def test_operations_settle_a_dispute_with_a_reason_and_see_both_sets_of_photos(
    operations_client,
):
    buyer = UserFactory()
    order, return_request, artisan = _return(
        buyer, price="12500.00", quantity=1, photos=[jpeg()], packing_photos=[jpeg(), jpeg()]
    )
    for photo in [*return_request.photos.all(), *order.suborders.get().packing_photos.all()]:
        process_evidence_photo(photo.kind, photo.pk)
    reject_return(return_request=return_request, by=artisan, reason="tag_missing")
    dispute_return(return_request=return_request, by=buyer, note="The tag is in the photo")

    page = operations_client.get(
        reverse("admin:orders_returnrequest_change", args=[return_request.pk])
    ).content.decode()
    assert "Artisan&#x27;s packing photos" in page and "Buyer&#x27;s return photos" in page
    assert page.count("/orders/photos/packing/") == 4 and page.count("/orders/photos/return/") == 2
    assert "evidence/uploads" not in page and "evidence/originals" not in page
    photo = return_request.photos.get()
    assert operations_client.get(photo.get_absolute_url()).status_code == 200

    operations_client.post(
        reverse(CHANGELIST),
        {
            "action": "uphold_rejection",
            "_selected_action": [return_request.pk],
            "apply": "1",
            "reason": "The packing photo shows the tag; the returned sari has none.",
        },
    )

    decided = ReturnRequest.objects.get()
    assert decided.status == "closed"
    assert decided.decision_note.startswith("The packing photo shows the tag")
    assert decided.events.last().by.groups.filter(name="ODOP operations").exists()


def test_a_dispute_cannot_be_decided_without_a_reason(operations_client):
    buyer = UserFactory()
    _order, return_request, artisan = _return(buyer)
    reject_return(return_request=return_request, by=artisan, reason="used")
    dispute_return(return_request=return_request, by=buyer, note="Never used")

    response = operations_client.post(
        reverse(CHANGELIST),
        {
            "action": "accept_disputed",
            "_selected_action": [return_request.pk],
            "apply": "1",
            "reason": "",
        },
    )

    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert ReturnRequest.objects.get().status == "disputed"
