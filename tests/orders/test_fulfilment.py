import pytest

from catalog.models import Product
from orders.models import SubOrder, SubOrderEvent
from orders.services import TransitionError, cancel_order, transition_suborder
from tests.factories import ProductFactory
from tests.orders.conftest import order_for

pytestmark = pytest.mark.django_db


def _stock(product):
    return Product.objects.get(pk=product.pk).stock


def test_cancelling_restocks_exactly_once_even_when_cancelled_twice(buyer):
    product = ProductFactory(stock=5)
    sub = order_for(buyer, (product, 3)).suborders.get()
    assert _stock(product) == 2

    transition_suborder(suborder=sub, to_status="cancelled", by=sub.seller.user, note="No thread")
    with pytest.raises(TransitionError):
        transition_suborder(suborder=sub, to_status="cancelled", by=buyer, note="again")

    assert _stock(product) == 5
    sub.refresh_from_db()
    assert sub.status == "cancelled" and sub.cancel_reason == "No thread"
    assert SubOrderEvent.objects.filter(suborder=sub, to_status="cancelled").count() == 1


def test_a_stale_copy_cannot_cancel_an_already_cancelled_suborder(buyer):
    product = ProductFactory(stock=5)
    sub = order_for(buyer, (product, 2)).suborders.get()
    stale = SubOrder.objects.get(pk=sub.pk)
    transition_suborder(suborder=sub, to_status="cancelled", by=buyer, note="x")
    with pytest.raises(TransitionError):
        transition_suborder(suborder=stale, to_status="cancelled", by=buyer, note="x")
    assert _stock(product) == 5


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], "shipped"),
        ([], "delivered"),
        (["accepted"], "placed"),
        (["accepted", "shipped"], "cancelled"),
        (["accepted", "shipped", "delivered"], "cancelled"),
    ],
)
def test_illegal_transitions_are_refused(buyer, path, illegal):
    sub = order_for(buyer, (ProductFactory(), 1)).suborders.get()
    for status in path:
        transition_suborder(
            suborder=sub,
            to_status=status,
            by=sub.seller.user,
            courier="India Post",
            tracking_number="EE123456789IN",
        )
    with pytest.raises(TransitionError):
        transition_suborder(suborder=sub, to_status=illegal, by=sub.seller.user, note="n")
    sub.refresh_from_db()
    assert sub.status == (path[-1] if path else "placed")


def test_shipping_needs_a_courier_and_a_tracking_number(buyer):
    sub = order_for(buyer, (ProductFactory(), 1)).suborders.get()
    transition_suborder(suborder=sub, to_status="accepted", by=sub.seller.user)
    with pytest.raises(TransitionError, match="courier"):
        transition_suborder(suborder=sub, to_status="shipped", by=sub.seller.user, courier=" ")
    transition_suborder(
        suborder=sub,
        to_status="shipped",
        by=sub.seller.user,
        courier="DTDC",
        tracking_number="D123",
    )
    sub.refresh_from_db()
    assert (sub.status, sub.courier, sub.tracking_number) == ("shipped", "DTDC", "D123")
    assert sub.shipped_at is not None


def test_the_whole_order_cannot_be_cancelled_once_a_part_has_shipped(buyer):
    a, b = ProductFactory(stock=5), ProductFactory(stock=5)
    order = order_for(buyer, (a, 1), (b, 1))
    shipped = order.suborders.get(seller=a.seller)
    transition_suborder(suborder=shipped, to_status="accepted", by=a.seller.user)
    transition_suborder(
        suborder=shipped,
        to_status="shipped",
        by=a.seller.user,
        courier="DTDC",
        tracking_number="1",
    )
    with pytest.raises(TransitionError):
        cancel_order(order=order, by=buyer, reason="changed my mind")
    assert _stock(b) == 4


def test_cancelling_the_whole_order_restocks_every_part(buyer):
    a, b = ProductFactory(stock=5), ProductFactory(stock=5)
    order = order_for(buyer, (a, 2), (b, 1))
    cancel_order(order=order, by=buyer, reason="changed my mind")
    assert {s.status for s in order.suborders.all()} == {"cancelled"}
    assert (_stock(a), _stock(b)) == (5, 5)
