"""The artisan's side of returns: only their own, a reason to refuse, the protection rule
on the ship form, and a returns list with a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.models import PackingPhoto, ReturnRequest, SubOrder
from orders.returns import Payout, request_return
from orders.services import transition_suborder
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.orders.conftest import order_for
from tests.orders.returns_helpers import delivered_order, jpeg

pytestmark = pytest.mark.django_db


def _return(seller, *, quantity=1, price="499.00"):
    buyer = UserFactory()
    product = ProductFactory(seller=seller, price=Decimal(price), stock=5)
    order = delivered_order(buyer, (product, quantity))
    line = order.suborders.get().lines.get()
    return request_return(
        line=line,
        buyer=buyer,
        quantity=quantity,
        reason="not_as_described",
        payout=Payout(upi_id="ravi@ybl"),
    )


def _act(client, return_request, **data):
    return client.post(reverse("console:return_action", args=[return_request.pk]), data)


def test_only_the_artisan_concerned_can_see_and_answer_a_return(client, seller, other_seller):
    return_request = _return(seller)
    client.force_login(other_seller.user)

    assert client.get(return_request.get_seller_url()).status_code == 404
    assert _act(client, return_request, action="accept").status_code == 404
    assert "No returns here." in client.get(reverse("console:return_list")).content.decode()
    assert ReturnRequest.objects.get().status == "requested"

    client.force_login(seller.user)
    assert client.get(reverse("console:return_action", args=[return_request.pk])).status_code == 405
    response = _act(client, return_request, action="accept")
    assert response.status_code == 302
    assert ReturnRequest.objects.get().status == "accepted"


def test_refusing_needs_a_reason_from_the_list_including_missing_tag_and_other_product(
    client, seller
):
    return_request = _return(seller)
    client.force_login(seller.user)
    page = client.get(return_request.get_seller_url()).content.decode()
    assert "The tag or seal is missing" in page and "A different product was sent back" in page

    no_reason = _act(client, return_request, action="reject")
    other_unexplained = _act(client, return_request, action="reject", reason="other")

    assert no_reason.status_code == 400
    assert "Choose why you refuse this return." in no_reason.content.decode()
    assert ReturnRequest.objects.get().status == "requested"
    assert other_unexplained.status_code == 302
    follow = client.get(other_unexplained.url).content.decode()
    assert "Explain why you refuse this return." in follow
    _act(client, return_request, action="reject", reason="different_product", note="Not my weave")
    refused = ReturnRequest.objects.get()
    assert (refused.status, refused.rejection_reason) == ("rejected", "different_product")


def test_the_artisan_books_the_pickup_and_receives_the_item_back_into_stock(client, seller):
    return_request = _return(seller, quantity=2)
    product = return_request.line.product
    client.force_login(seller.user)
    _act(client, return_request, action="accept")

    missing = _act(client, return_request, action="pickup", courier="", tracking_number="")
    assert missing.status_code == 400 and "This field is required." in missing.content.decode()
    _act(client, return_request, action="pickup", courier="Delhivery", tracking_number="DL77")
    _act(client, return_request, action="receive", is_resellable="yes")

    done = ReturnRequest.objects.get()
    assert (done.status, done.pickup_tracking_number, done.is_resellable) == (
        "received",
        "DL77",
        True,
    )
    product.refresh_from_db()
    assert product.stock == 5  # 5 - 2 sold + 2 back
    page = client.get(done.get_seller_url()).content.decode()
    assert "Nothing more to do for this return." in page


def test_the_dashboard_counts_returns_waiting_for_the_artisan(client, seller):
    _return(seller)
    _return(seller)
    client.force_login(seller.user)
    response = client.get(reverse("console:dashboard"))
    assert response.context["returns_to_act"] == 2
    assert "returns waiting for you" in response.content.decode()


def test_the_returns_list_has_a_fixed_number_of_queries(
    client, seller, django_assert_max_num_queries
):
    for _ in range(6):
        _return(seller)
    client.force_login(seller.user)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("console:return_list"))

    assert len(response.context["returns"]) == 6
    assert response.content.decode().count("Return asked for") == 6


# --- return protection on the ship form -------------------------------------------------


def _accepted_suborder(seller, price):
    product = ProductFactory(seller=seller, price=Decimal(price))
    suborder = order_for(UserFactory(), (product, 1)).suborders.get()
    transition_suborder(suborder=suborder, to_status="accepted", by=seller.user)
    return suborder


SHIP = {"action": "ship", "courier": "India Post", "tracking_number": "EE123456789IN"}


def test_shipping_a_parcel_above_the_threshold_without_packing_photos_is_refused(client, seller):
    suborder = _accepted_suborder(seller, "12500.00")
    client.force_login(seller.user)
    page = client.get(suborder.get_seller_url()).content.decode()
    assert "so it has return protection" in page and "₹5,000" in page

    response = client.post(suborder.get_seller_url(), SHIP)

    assert response.status_code == 200
    assert "add at least one photo of the packed item" in response.content.decode()
    assert SubOrder.objects.get(pk=suborder.pk).status == "accepted"
    assert not PackingPhoto.objects.exists()


def test_shipping_above_the_threshold_with_packing_photos_keeps_them(client, seller):
    suborder = _accepted_suborder(seller, "12500.00")
    client.force_login(seller.user)

    response = client.post(suborder.get_seller_url(), {**SHIP, "packing_photos": [jpeg(), jpeg()]})

    assert response.status_code == 302
    assert SubOrder.objects.get(pk=suborder.pk).status == "shipped"
    assert PackingPhoto.objects.filter(suborder=suborder).count() == 2


def test_shipping_below_the_threshold_needs_no_photo(client, seller, settings):
    suborder = _accepted_suborder(seller, "4999.00")
    client.force_login(seller.user)
    response = client.post(suborder.get_seller_url(), SHIP)
    assert response.status_code == 302
    assert SubOrder.objects.get(pk=suborder.pk).status == "shipped"


def test_the_threshold_comes_from_the_setting(client, seller, settings):
    settings.RETURN_PROTECTION_THRESHOLD = "400"
    suborder = _accepted_suborder(seller, "499.00")
    client.force_login(seller.user)
    response = client.post(suborder.get_seller_url(), SHIP)
    assert response.status_code == 200
    assert SubOrder.objects.get(pk=suborder.pk).status == "accepted"


def test_the_ship_form_speaks_hindi(client, seller):
    suborder = _accepted_suborder(seller, "12500.00")
    client.force_login(seller.user)
    response = client.post("/hi" + suborder.get_seller_url(), SHIP)
    assert "इस पार्सल पर वापसी सुरक्षा है" in response.content.decode()


def test_another_artisans_return_is_not_in_the_list(client, seller):
    _return(SellerFactory())
    client.force_login(seller.user)
    response = client.get(reverse("console:return_list") + "?show=all")
    assert list(response.context["returns"]) == []
