import pytest
from django.urls import reverse

from catalog.models import Product
from orders.models import SubOrder
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.orders.conftest import order_for

pytestmark = pytest.mark.django_db


def test_only_the_buyer_sees_their_order(client, buyer):
    order = order_for(buyer, (ProductFactory(), 1))
    client.force_login(buyer)
    assert client.get(order.get_absolute_url()).status_code == 200

    client.force_login(UserFactory())
    assert client.get(order.get_absolute_url()).status_code == 404
    response = client.post(reverse("orders:order_cancel", args=[order.number]))
    assert response.status_code == 404
    assert order.suborders.get().status == "placed"


def test_anonymous_visitors_are_sent_to_sign_in_for_orders(client, buyer):
    order = order_for(buyer, (ProductFactory(), 1))
    assert client.get(order.get_absolute_url()).status_code == 302


def test_a_seller_sees_only_their_own_suborders(client, buyer):
    mine, theirs = ProductFactory(title="Mine"), ProductFactory(title="Theirs")
    order = order_for(buyer, (mine, 1), (theirs, 1))
    my_sub = order.suborders.get(seller=mine.seller)
    their_sub = order.suborders.get(seller=theirs.seller)

    client.force_login(mine.seller.user)
    listing = client.get(reverse("console:order_list")).content.decode()
    assert my_sub.get_seller_url() in listing
    assert their_sub.get_seller_url() not in listing
    detail = client.get(my_sub.get_seller_url()).content.decode()
    assert "12 Chowk Bazaar" in detail and "221001" in detail
    assert client.get(their_sub.get_seller_url()).status_code == 404
    response = client.post(their_sub.get_seller_url(), {"action": "accept"})
    assert response.status_code == 404
    assert SubOrder.objects.get(pk=their_sub.pk).status == "placed"


def test_seller_pages_need_an_approved_artisan(client, buyer):
    pending = SellerFactory(status="pending")
    client.force_login(pending.user)
    response = client.get(reverse("console:order_list"))
    assert response.status_code == 302 and response.url == reverse("console:dashboard")
    client.force_login(buyer)
    assert client.get(reverse("console:order_list")).status_code == 302


def test_a_seller_accepts_ships_with_tracking_and_delivers(client, buyer):
    product = ProductFactory()
    sub = order_for(buyer, (product, 1)).suborders.get()
    client.force_login(product.seller.user)
    url = sub.get_seller_url()

    client.post(url, {"action": "accept"})
    response = client.post(url, {"action": "ship", "courier": "India Post"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert SubOrder.objects.get(pk=sub.pk).status == "accepted"
    client.post(url, {"action": "ship", "courier": "India Post", "tracking_number": "EE1IN"})
    client.post(url, {"action": "deliver"})

    sub.refresh_from_db()
    assert (sub.status, sub.tracking_number) == ("delivered", "EE1IN")
    assert list(sub.events.values_list("to_status", flat=True)) == [
        "placed",
        "accepted",
        "shipped",
        "delivered",
    ]


def test_an_illegal_transition_from_the_seller_page_is_refused_with_a_message(client, buyer):
    product = ProductFactory()
    sub = order_for(buyer, (product, 1)).suborders.get()
    client.force_login(product.seller.user)
    response = client.post(sub.get_seller_url(), {"action": "deliver"}, follow=True)
    assert "cannot be marked Delivered" in response.content.decode()
    assert SubOrder.objects.get(pk=sub.pk).status == "placed"


def test_a_seller_cancels_with_a_reason_and_the_stock_comes_back(client, buyer):
    product = ProductFactory(stock=4)
    sub = order_for(buyer, (product, 3)).suborders.get()
    client.force_login(product.seller.user)
    response = client.post(sub.get_seller_url(), {"action": "cancel", "reason": ""})
    assert response.status_code == 200 and "Say why the order is cancelled." in (
        response.content.decode()
    )
    client.post(sub.get_seller_url(), {"action": "cancel", "reason": "Loom broke"})
    client.post(sub.get_seller_url(), {"action": "cancel", "reason": "Loom broke"})
    assert Product.objects.get(pk=product.pk).stock == 4


def test_the_buyer_cancels_one_part_while_it_has_not_shipped(client, buyer):
    a, b = ProductFactory(stock=3), ProductFactory(stock=3)
    order = order_for(buyer, (a, 1), (b, 1))
    client.force_login(buyer)
    part = order.suborders.get(seller=a.seller)
    client.post(reverse("orders:order_cancel", args=[order.number]), {"suborder": part.pk})
    assert SubOrder.objects.get(pk=part.pk).status == "cancelled"
    assert order.suborders.get(seller=b.seller).status == "placed"
    assert Product.objects.get(pk=a.pk).stock == 3


def test_order_list_query_count_is_pinned(client, buyer, django_assert_max_num_queries):
    for _ in range(5):
        order_for(buyer, (ProductFactory(), 1), (ProductFactory(), 2))
    client.force_login(buyer)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("orders:order_list"))
    assert response.status_code == 200 and len(response.context["orders"]) == 5


def test_order_detail_query_count_is_pinned(client, buyer, django_assert_max_num_queries):
    order = order_for(buyer, *[(ProductFactory(), 1) for _ in range(4)])
    client.force_login(buyer)
    with django_assert_max_num_queries(7):
        assert client.get(order.get_absolute_url()).status_code == 200


def test_seller_order_list_query_count_is_pinned(client, django_assert_max_num_queries):
    product = ProductFactory(stock=100)
    for _ in range(6):
        order_for(UserFactory(), (product, 1))
    client.force_login(product.seller.user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("console:order_list"))
    assert len(response.context["suborders"]) == 6
