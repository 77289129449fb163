from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from orders.models import Cart, CartItem
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _add(client, product, quantity=1):
    return client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": quantity})


def test_an_anonymous_visitor_can_fill_a_cart_grouped_by_artisan(client):
    saree = ProductFactory(title="Banarasi silk saree", price=Decimal("1500.00"))
    diya = ProductFactory(title="Brass diya")

    response = _add(client, saree, 2)
    _add(client, diya)

    assert response.status_code == 302 and response.url == reverse("orders:cart")
    page = client.get(reverse("orders:cart")).content.decode()
    assert "Banarasi silk saree" in page and "Brass diya" in page
    assert f"Shipped by {saree.seller.display_name}" in page
    assert f"Shipped by {diya.seller.display_name}" in page
    assert client.session["cart_count"] == 3


def test_quantities_are_limited_by_stock(client):
    product = ProductFactory(title="Brass diya", stock=2)
    _add(client, product, 5)
    assert CartItem.objects.get().quantity == 2
    response = _add(client, product, 1)
    assert CartItem.objects.get().quantity == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Only 2 left of Brass diya." in messages


def test_sold_out_and_unpublished_products_are_flagged_and_checkout_is_blocked(client):
    buyer = UserFactory()
    client.force_login(buyer)
    sold_out = ProductFactory(title="Sold out thing", stock=3)
    hidden = ProductFactory(title="Hidden thing")
    _add(client, sold_out)
    _add(client, hidden)
    sold_out.stock = 0
    sold_out.save()
    hidden.status = "draft"
    hidden.save()

    page = client.get(reverse("orders:cart")).content.decode()
    assert "Sold out: please remove it" in page
    assert "No longer available: please remove it" in page
    assert 'href="/checkout/"' not in page

    response = client.post(
        reverse("orders:checkout"),
        {"address": "new", "payment_method": "cod", "idempotency_key": "k", **_new_address()},
    )
    assert response.status_code == 200
    assert "Hidden thing is no longer available" in response.content.decode()


def test_update_and_remove_only_touch_your_own_cart(client):
    product = ProductFactory(stock=5)
    _add(client, product)
    item = CartItem.objects.get()
    client.post(reverse("orders:cart_update", args=[item.pk]), {"quantity": 4})
    assert CartItem.objects.get().quantity == 4

    other = ProductFactory()
    stranger_item = CartItem.objects.create(
        cart=Cart.objects.create(user=UserFactory()), product=other, quantity=1
    )
    assert client.post(reverse("orders:cart_remove", args=[stranger_item.pk])).status_code == 404
    client.post(reverse("orders:cart_remove", args=[item.pk]))
    assert list(CartItem.objects.all()) == [stranger_item]


def test_the_anonymous_cart_merges_into_the_users_cart_at_sign_in(client):
    user = UserFactory(email="asha@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    both = ProductFactory(stock=5)
    only_anonymous = ProductFactory(stock=5)
    mine = Cart.objects.create(user=user)
    CartItem.objects.create(cart=mine, product=both, quantity=2)
    _add(client, both, 1)
    _add(client, only_anonymous, 2)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )

    assert response.status_code == 302
    quantities = {i.product_id: i.quantity for i in CartItem.objects.filter(cart__user=user)}
    assert quantities == {both.pk: 3, only_anonymous.pk: 2}
    assert Cart.objects.filter(user__isnull=True).count() == 0
    assert client.session["cart_count"] == 5


def test_cart_page_query_count_is_pinned(client, django_assert_max_num_queries):
    client.force_login(UserFactory())
    for _ in range(6):
        _add(client, ProductFactory())
    with django_assert_max_num_queries(6):
        response = client.get(reverse("orders:cart"))
    assert response.status_code == 200


def test_an_anonymous_visitor_without_a_cart_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("orders:cart")).status_code == 200


def _new_address(**overrides):
    data = {
        "new-full_name": "Asha Devi",
        "new-mobile": "98765 43210",
        "new-line1": "12 Chowk Bazaar",
        "new-city": "Varanasi",
        "new-state": "UP",
        "new-pin_code": "221001",
    }
    data.update(overrides)
    return data


def test_a_sold_out_line_does_not_count_towards_free_shipping(settings):
    from orders.selectors import cart_summary

    settings.FREE_SHIPPING_THRESHOLD = "999.00"
    cheap = ProductFactory(price=Decimal("450.00"))
    dear = ProductFactory(seller=cheap.seller, price=Decimal("1200.00"), stock=0)
    cart = Cart.objects.create(user=UserFactory())
    CartItem.objects.create(cart=cart, product=cheap, quantity=1)
    CartItem.objects.create(cart=cart, product=dear, quantity=1)

    group = cart_summary(cart).groups[0]
    assert (group.subtotal, group.shipping) == (Decimal("450.00"), Decimal("60.00"))


def test_signing_in_shows_the_count_of_the_cart_kept_from_last_time(client):
    user = UserFactory(email="ravi@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    CartItem.objects.create(
        cart=Cart.objects.create(user=user), product=ProductFactory(), quantity=3
    )
    client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert client.session["cart_count"] == 3


def test_bad_add_to_cart_input_gets_a_message_not_an_error(client):
    response = client.post(reverse("orders:cart_add"), {"product": "x", "quantity": "-2"})
    assert response.status_code == 302
    assert CartItem.objects.count() == 0
    assert client.get(reverse("orders:cart_add")).status_code == 405
