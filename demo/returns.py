"""A delivered demo order with a return in progress, so the return pages have something
to show: the demo shopper returns one item bought from the demo artisan (Varanasi), who
has accepted it and now has to book the pickup."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from catalog.models import Product
from orders.models import Cart, CartItem, Order, SubOrder
from orders.returns import Payout, accept_return, request_return
from orders.services import ShippingAddress, place_order, transition_suborder

DEMO_KEY = "demo-return-order"
ADDRESS = ShippingAddress(
    full_name="Priya Sharma",
    mobile="+919812345678",
    line1="14 Hazratganj",
    city="Lucknow",
    state="UP",
    pin_code="226001",
)


@transaction.atomic
def seed_returns(*, shopper, artisan_user) -> Order | None:
    """Idempotent: the order is made once (found again by its checkout key)."""
    existing = Order.objects.filter(buyer=shopper, idempotency_key=DEMO_KEY).first()
    if existing is not None:
        return existing
    product = (
        Product.objects.live()
        .filter(seller__user=artisan_user, stock__gte=1, price__lte=5000)
        .order_by("pk")
        .first()
    )
    if product is None:
        return None
    cart, _ = Cart.objects.get_or_create(user=shopper)
    cart.items.all().delete()
    CartItem.objects.create(cart=cart, product=product, quantity=1)
    order = place_order(buyer=shopper, cart=cart, address=ADDRESS, idempotency_key=DEMO_KEY)
    suborder = order.suborders.get()
    transition_suborder(suborder=suborder, to_status="accepted", by=artisan_user)
    transition_suborder(
        suborder=suborder,
        to_status="shipped",
        by=artisan_user,
        courier="India Post",
        tracking_number="EE000000001IN",
    )
    transition_suborder(suborder=suborder, to_status="delivered", by=artisan_user)
    SubOrder.objects.filter(pk=suborder.pk).update(delivered_at=timezone.now() - timedelta(days=2))
    return_request = request_return(
        line=suborder.lines.get(),
        buyer=shopper,
        quantity=1,
        reason="not_as_described",
        note="The colour is darker than in the photos.",
        payout=Payout(upi_id="priya.sharma@okicici"),
    )
    accept_return(return_request=return_request, by=artisan_user)
    return order
