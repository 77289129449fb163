from decimal import Decimal

import pytest

from catalog.models import Product
from orders.models import CartItem, Order, OrderLine, SubOrder
from orders.services import CheckoutError, place_order
from tests.factories import (
    CartFactory,
    CartItemFactory,
    ProductFactory,
    SellerFactory,
    UserFactory,
)
from tests.orders.conftest import ADDRESS, order_for

pytestmark = pytest.mark.django_db


def test_one_order_with_a_suborder_per_artisan_and_shipping_per_artisan(buyer, settings):
    settings.SHIPPING_CHARGE_PER_SELLER = "60.00"
    settings.FREE_SHIPPING_THRESHOLD = "999.00"
    saree = ProductFactory(price=Decimal("1200.00"), stock=3)
    diya = ProductFactory(price=Decimal("150.00"), stock=10)
    lamp = ProductFactory(seller=diya.seller, price=Decimal("200.00"), stock=10)

    order = order_for(buyer, (saree, 1), (diya, 2), (lamp, 1))

    assert order.number.startswith("OD-") and len(order.number) == 16
    subs = {s.seller_id: s for s in order.suborders.all()}
    assert subs[saree.seller_id].shipping == Decimal("0.00")  # over the threshold
    assert subs[diya.seller_id].subtotal == Decimal("500.00")
    assert subs[diya.seller_id].shipping == Decimal("60.00")
    assert order.subtotal == Decimal("1700.00")
    assert order.total == Decimal("1760.00")
    assert order.payment_method == "cod" and order.payment_status == "pending"
    assert Product.objects.get(pk=saree.pk).stock == 2
    assert Product.objects.get(pk=diya.pk).stock == 8
    assert not CartItem.objects.filter(cart__user=buyer).exists()
    assert all(s.events.filter(to_status="placed").exists() for s in subs.values())


def test_order_lines_keep_their_snapshot_when_the_product_changes(buyer):
    product = ProductFactory(title="Banarasi silk saree", price=Decimal("4500.00"))
    order = order_for(buyer, (product, 1))

    Product.objects.filter(pk=product.pk).update(title="Renamed", price=Decimal("9.00"))
    product.delete()

    line = OrderLine.objects.get(suborder__order=order)
    assert line.title == "Banarasi silk saree"
    assert line.unit_price == Decimal("4500.00")
    assert line.product is None
    assert line.seller_name == product.seller.display_name


def test_refuses_when_stock_ran_out_naming_the_product_and_writes_nothing(buyer):
    plenty = ProductFactory(stock=10)
    scarce = ProductFactory(title="Banarasi silk saree", stock=2)
    cart = CartFactory(user=buyer)
    CartItemFactory(cart=cart, product=plenty, quantity=1)
    CartItemFactory(cart=cart, product=scarce, quantity=3)

    with pytest.raises(CheckoutError, match="Only 2 left of Banarasi silk saree"):
        place_order(buyer=buyer, cart=cart, address=ADDRESS, idempotency_key="k1")

    assert Order.objects.count() == 0 and SubOrder.objects.count() == 0
    assert Product.objects.get(pk=plenty.pk).stock == 10
    assert cart.items.count() == 2


def test_sold_out_message_says_sold_out(buyer):
    product = ProductFactory(title="Brass diya", stock=0)
    with pytest.raises(CheckoutError, match="Brass diya is sold out"):
        order_for(buyer, (product, 1))


def test_refuses_unpublished_products_and_artisans_no_longer_approved(buyer):
    draft = ProductFactory(title="Draft thing", status=Product.Status.DRAFT)
    with pytest.raises(CheckoutError, match="Draft thing is no longer available"):
        order_for(buyer, (draft, 1))
    suspended = ProductFactory(title="Hidden thing", seller=SellerFactory(status="suspended"))
    with pytest.raises(CheckoutError, match="Hidden thing is no longer available"):
        order_for(UserFactory(), (suspended, 1))
    assert Order.objects.count() == 0


def test_an_empty_cart_is_refused(buyer):
    with pytest.raises(CheckoutError, match="empty"):
        place_order(buyer=buyer, cart=CartFactory(user=buyer), address=ADDRESS, idempotency_key="x")


def test_the_same_idempotency_key_returns_the_same_order(buyer):
    product = ProductFactory(stock=5)
    cart = CartFactory(user=buyer)
    CartItemFactory(cart=cart, product=product, quantity=2)
    first = place_order(buyer=buyer, cart=cart, address=ADDRESS, idempotency_key="same")
    CartItemFactory(cart=cart, product=product, quantity=1)

    again = place_order(buyer=buyer, cart=cart, address=ADDRESS, idempotency_key="same")

    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert Product.objects.get(pk=product.pk).stock == 3


def test_hindi_error_message(buyer):
    from django.utils import translation

    product = ProductFactory(title="Brass diya", title_hi="पीतल का दीया", stock=1)
    with translation.override("hi"), pytest.raises(CheckoutError) as error:
        order_for(buyer, (product, 2))
    assert "पीतल का दीया" in error.value.message
    assert "Only" not in error.value.message


@pytest.mark.parametrize("lines, artisans", [(1, 1), (3, 2), (8, 5)])
def test_placing_an_order_takes_the_same_few_queries_whatever_the_cart_holds(
    buyer, lines, artisans, django_assert_max_num_queries
):
    sellers = [SellerFactory() for _ in range(artisans)]
    products = [ProductFactory(seller=sellers[n % artisans], stock=5) for n in range(lines)]
    cart = CartFactory(user=buyer)
    for product in products:
        CartItemFactory(cart=cart, product=product, quantity=2)

    # The cart read (locking its products), the order, one stock UPDATE, sub-orders,
    # their events, lines, outbox rows, the cart emptied, the rollup marks; and the test's
    # savepoint and its release.
    with django_assert_max_num_queries(11):
        order = place_order(buyer=buyer, cart=cart, address=ADDRESS, idempotency_key="once")

    assert order.suborders.count() == artisans
    assert OrderLine.objects.filter(suborder__order=order).count() == lines
    assert set(
        Product.objects.filter(pk__in=[p.pk for p in products]).values_list("stock", flat=True)
    ) == {3}
