"""A suspended artisan cannot list or publish any more, but still fulfils what they sold."""

from django.test import Client

from catalog.models import Product
from orders.models import SubOrder
from sellers import moderation
from tests.factories import ProductFactory, UserFactory, place_test_order


def _suspended_with_an_order():
    product = ProductFactory(stock=5)
    seller = product.seller
    order = place_test_order(UserFactory(), (product, 2))
    moderation.suspend_seller(profile=seller, by=UserFactory(is_staff=True), reason="Late parcels")
    client = Client()
    client.force_login(seller.user)
    return client, order.suborders.get()


def test_a_suspended_artisan_still_sees_and_ships_the_orders_already_placed(db):
    client, suborder = _suspended_with_an_order()

    listing = client.get("/sell/orders/")
    assert listing.status_code == 200
    assert suborder.order.number in listing.content.decode()
    assert client.get(f"/sell/orders/{suborder.pk}/").status_code == 200

    client.post(f"/sell/orders/{suborder.pk}/", {"action": "accept"})
    client.post(
        f"/sell/orders/{suborder.pk}/",
        {"action": "ship", "courier": "India Post", "tracking_number": "EE123456789IN"},
    )
    suborder.refresh_from_db()
    assert suborder.status == SubOrder.Status.SHIPPED
    assert suborder.tracking_number == "EE123456789IN"


def test_a_suspended_artisan_cannot_add_or_publish_products(db):
    client, suborder = _suspended_with_an_order()
    product = Product.objects.get(seller=suborder.seller)

    for path in ("/sell/products/new/", f"/sell/products/{product.pk}/edit/"):
        response = client.get(path, follow=True)
        assert response.redirect_chain[-1][0] == "/sell/", path
        assert "Your shop is suspended: you cannot list products now." in response.content.decode()
    client.post(f"/sell/products/{product.pk}/edit/", {"action": "publish", "title": "Back"})
    product.refresh_from_db()
    assert product.title != "Back"
