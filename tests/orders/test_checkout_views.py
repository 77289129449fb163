from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Address
from catalog.models import Product
from orders.models import Cart, CartItem, Order
from tests.factories import AddressFactory, ProductFactory, UserFactory
from tests.orders.test_cart_views import _new_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _fill(user, *items):
    cart, _created = Cart.objects.get_or_create(user=user)
    for product, quantity in items:
        CartItem.objects.create(cart=cart, product=product, quantity=quantity)


def _checkout_key(client):
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 200
    return response.context["form"]["idempotency_key"].value()


def test_checkout_needs_sign_in(client):
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_posted_price_or_total_is_ignored(client, signed_in):
    product = ProductFactory(price=Decimal("450.00"))
    _fill(signed_in, (product, 2))
    key = _checkout_key(client)

    response = client.post(
        reverse("orders:checkout"),
        {
            "address": "new",
            "payment_method": "cod",
            "idempotency_key": key,
            "price": "1.00",
            "total": "1.00",
            "subtotal": "1.00",
            "unit_price": "1.00",
            "new-save_address": "on",
            **_new_address(),
        },
    )

    order = Order.objects.get()
    assert response.status_code == 302 and response.url == order.get_absolute_url()
    assert order.subtotal == Decimal("900.00")
    assert order.total == Decimal("960.00")
    assert order.mobile == "+919876543210"
    assert Address.objects.filter(user=signed_in, pin_code="221001").exists()


def test_submitting_the_same_checkout_twice_gives_one_order(client, signed_in):
    product = ProductFactory(stock=5)
    _fill(signed_in, (product, 1))
    key = _checkout_key(client)
    data = {"address": "new", "payment_method": "cod", "idempotency_key": key, **_new_address()}

    first = client.post(reverse("orders:checkout"), data)
    second = client.post(reverse("orders:checkout"), data)

    assert Order.objects.count() == 1
    assert first.url == second.url == Order.objects.get().get_absolute_url()
    assert Product.objects.get(pk=product.pk).stock == 4


def test_a_saved_address_can_be_chosen(client, signed_in):
    saved = AddressFactory(user=signed_in, city="Lucknow", pin_code="226001")
    _fill(signed_in, (ProductFactory(), 1))
    key = _checkout_key(client)
    client.post(
        reverse("orders:checkout"),
        {"address": str(saved.pk), "payment_method": "cod", "idempotency_key": key},
    )
    assert Order.objects.get().city == "Lucknow"


def test_a_bad_address_is_refused_with_clear_errors_and_nothing_is_lost(client, signed_in):
    product = ProductFactory(stock=5)
    _fill(signed_in, (product, 1))
    key = _checkout_key(client)
    response = client.post(
        reverse("orders:checkout"),
        {
            "address": "new",
            "payment_method": "cod",
            "idempotency_key": key,
            **_new_address(**{"new-pin_code": "12345", "new-mobile": "12345"}),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a 6-digit PIN code" in page and "Enter a 10-digit mobile number" in page
    assert Order.objects.count() == 0 and CartItem.objects.count() == 1


def test_a_stranger_cannot_pick_someone_elses_saved_address(client, signed_in):
    theirs = AddressFactory(user=UserFactory())
    _fill(signed_in, (ProductFactory(), 1))
    key = _checkout_key(client)
    response = client.post(
        reverse("orders:checkout"),
        {"address": str(theirs.pk), "payment_method": "cod", "idempotency_key": key},
    )
    assert response.status_code == 200 and Order.objects.count() == 0


def test_checkout_page_query_count_is_pinned(client, signed_in, django_assert_max_num_queries):
    AddressFactory(user=signed_in)
    _fill(signed_in, *[(ProductFactory(), 1) for _ in range(5)])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("orders:checkout")).status_code == 200
