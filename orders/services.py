"""Writes: the cart, placing an order, and (re-exported from fulfilment) status changes.

Stock rule: ``Product.stock`` is what can be sold, for ready-to-ship and made-to-order
products alike (an artisan who makes to order sets stock to how many they can make).
Stock only ever changes through conditional UPDATEs taken in product-pk order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import PostalAddress
from catalog.models import Product
from orders import rollups
from orders.fulfilment import (  # noqa: F401  (re-exported: one place to import writes from)
    TRANSITIONS,
    TransitionError,
    cancel_order,
    transition_suborder,
)
from orders.models import (
    Cart,
    CartItem,
    Order,
    OrderLine,
    SubOrder,
    SubOrderEvent,
    new_order_number,
)
from orders.notifications import placement_notices, queue_new_notifications
from orders.payments import get_payment_method

ORDER_NUMBER_ATTEMPTS = 5
#: The columns of the cart's lines, products, artisans and their accounts that placing an
#: order reads, and no others (a short SELECT list is quicker to build, send and read, and
#: the artisan's encrypted KYC and bank numbers are not decrypted for every checkout).
CHECKOUT_FIELDS = (
    "cart",
    "quantity",
    "product__price",
    "product__stock",
    "product__status",
    "product__title",
    "product__title_hi",
    "product__seller__status",
    "product__seller__display_name",
    "product__seller__district_id",
    "product__seller__user__preferred_language",
)


class CheckoutError(Exception):
    """Placing the order was refused; ``message`` is for the buyer, in their language."""

    def __init__(self, message: str, *, product_id: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.product_id = product_id


@dataclass(frozen=True)
class ShippingAddress:
    full_name: str
    mobile: str
    line1: str
    city: str
    state: str
    pin_code: str
    line2: str = ""

    @classmethod
    def from_address(cls, address: PostalAddress) -> ShippingAddress:
        return cls(**address.address_fields())


def shipping_charge(seller_subtotal: Decimal) -> Decimal:
    """One artisan's shipping: the flat charge, free from the threshold upwards."""
    if seller_subtotal >= Decimal(settings.FREE_SHIPPING_THRESHOLD):
        return Decimal("0.00")
    return Decimal(settings.SHIPPING_CHARGE_PER_SELLER).quantize(Decimal("0.01"))


def sold_out_message(product: Product, wanted: int) -> str:
    name = product.display_title
    if product.stock <= 0:
        return _("%(product)s is sold out.") % {"product": name}
    return ngettext(
        "Only %(count)d left of %(product)s.",
        "Only %(count)d left of %(product)s.",
        product.stock,
    ) % {"count": product.stock, "product": name}


# --- cart ---------------------------------------------------------------------------


def get_or_create_cart(*, user=None, session=None) -> Cart:
    """The signed-in user's cart, or the anonymous cart whose id the session holds."""
    if user is not None and user.is_authenticated:
        cart, _created = Cart.objects.get_or_create(user=user)
        return cart
    cart_id = session.get("cart_id")
    cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if cart is None:
        if session.session_key is None:
            session.save()
        cart = Cart.objects.create(session_key=session.session_key)
        session["cart_id"] = cart.pk
    return cart


@transaction.atomic
def add_to_cart(*, cart: Cart, product: Product, quantity: int) -> CartItem:
    """Add (or add more of) a product, never beyond its stock. Raises CheckoutError."""
    if quantity < 1:
        raise CheckoutError(_("Choose a quantity of at least 1."))
    item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
    wanted = quantity + (item.quantity if item else 0)
    if product.stock < wanted:
        if product.stock <= (item.quantity if item else 0):
            raise CheckoutError(sold_out_message(product, wanted), product_id=product.pk)
        wanted = product.stock
    if item is None:
        return CartItem.objects.create(cart=cart, product=product, quantity=wanted)
    item.quantity = wanted
    item.save(update_fields=["quantity"])
    return item


def set_cart_quantity(*, item: CartItem, quantity: int) -> CartItem | None:
    """Change a line's quantity (0 removes it); more than the stock is refused."""
    if quantity <= 0:
        item.delete()
        return None
    if quantity > item.product.stock:
        raise CheckoutError(sold_out_message(item.product, quantity), product_id=item.product_id)
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    return item


@transaction.atomic
def merge_carts(*, user, session) -> Cart | None:
    """At sign-in, move the anonymous session cart into the user's cart and drop it.

    Quantities of a product in both carts are added, then capped at its stock.
    """
    cart_id = session.pop("cart_id", None)
    anonymous = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if anonymous is None:
        return None
    cart, _created = Cart.objects.get_or_create(user=user)
    existing = {i.product_id: i for i in cart.items.select_related("product")}
    for item in anonymous.items.select_related("product"):
        mine = existing.get(item.product_id)
        total = item.quantity + (mine.quantity if mine else 0)
        total = min(total, item.product.stock) if item.product.stock > 0 else total
        if mine:
            mine.quantity = total
            mine.save(update_fields=["quantity"])
        else:
            CartItem.objects.create(cart=cart, product=item.product, quantity=total)
    anonymous.delete()
    return cart


# --- placing an order ---------------------------------------------------------------


def place_order(
    *,
    buyer,
    cart: Cart,
    address: ShippingAddress,
    idempotency_key: str,
    payment_method: str = "cod",
) -> Order:
    """Turn the cart into one Order with a SubOrder per artisan, atomically.

    Prices and stock are re-read from the database; stock is decremented with
    ``UPDATE … WHERE stock >= qty`` in product-pk order, so concurrent buyers never
    oversell and never deadlock. Any line that cannot be had raises CheckoutError naming
    the product, and nothing is written. The same ``idempotency_key`` for the same buyer
    returns the order already placed (double click, back button, retry).

    About ten round trips whatever the cart holds (tests/orders/test_place_order pins
    them): the cart read, one INSERT per table, the cart emptied, one stock UPDATE for
    every line; after commit one task for all the emails. The stock UPDATE comes last, so
    the product rows stay locked (a hot product queues every checkout that holds it) only
    from it to the commit.
    """
    method = get_payment_method(payment_method)
    for _attempt in range(ORDER_NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return _place(buyer, cart, address, idempotency_key, method)
        except IntegrityError:
            # Either the same checkout committed meanwhile, or the number collided.
            existing = Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
    raise CheckoutError(_("We could not place your order. Please try again."))


def _place(buyer, cart: Cart, address: ShippingAddress, key: str, method) -> Order:
    # Fresh prices, read inside the transaction.
    items = list(
        cart.items.select_related("product__seller__user")
        .only(*CHECKOUT_FIELDS)
        .order_by("product_id")
    )
    if not items:
        # The usual reason: this checkout was placed already (double click, back button).
        existing = Order.objects.filter(buyer=buyer, idempotency_key=key).first()
        if existing is not None:
            return existing
        raise CheckoutError(_("Your cart is empty."))
    _check_sellable(items)
    by_seller: dict[int, list[CartItem]] = defaultdict(list)
    for item in items:
        by_seller[item.product.seller_id].append(item)
    subtotals = {
        sid: sum((i.product.price * i.quantity for i in its), Decimal("0.00"))
        for sid, its in by_seller.items()
    }
    shipping = {sid: shipping_charge(sub) for sid, sub in subtotals.items()}
    subtotal = sum(subtotals.values(), Decimal("0.00"))
    shipping_total = sum(shipping.values(), Decimal("0.00"))
    refusal = method.refusal(subtotal + shipping_total)
    if refusal:
        raise CheckoutError(refusal)
    order = Order.objects.create(
        number=new_order_number(),
        buyer=buyer,
        idempotency_key=key,
        subtotal=subtotal,
        shipping_total=shipping_total,
        total=subtotal + shipping_total,
        payment_method=method.code,
        payment_status=method.initial_status,
        **asdict(address),
    )
    _create_suborders(order, by_seller, subtotals, shipping, notify=method.notifies_at_placement)
    method.on_order_placed(order)
    rollups.mark_stale(
        day=timezone.localdate(order.placed_at),
        district_ids={i.product.seller.district_id for i in items},
    )
    CartItem.objects.filter(pk__in=[i.pk for i in items]).delete()
    _take_stock(items)  # last: the product rows stay locked only until the commit
    return order


def _check_sellable(items: list[CartItem]) -> None:
    for item in items:
        product = item.product
        if product.status != Product.Status.PUBLISHED or not product.seller.is_approved:
            raise CheckoutError(
                _("%(product)s is no longer available. Remove it from your cart to continue.")
                % {"product": product.display_title},
                product_id=product.pk,
            )


def _take_stock(items: list[CartItem]) -> None:
    """Decrement the stock of every line in one statement, or refuse the order.

    The rows are locked in product-pk order first (the order every checkout takes them
    in, so two carts never deadlock), then ``stock >= quantity`` is checked on the locked
    rows: a line that cannot be had raises CheckoutError naming the product, and the
    caller's transaction writes nothing. The table's CHECK (stock >= 0) is the last guard.
    """
    quantities = sorted((item.product_id, item.quantity) for item in items)
    if connection.vendor == "postgresql":
        taken = _take_stock_in_one_statement(quantities)
    else:
        taken = _take_stock_line_by_line(quantities)
    for item in items:
        if item.product_id not in taken:
            item.product.refresh_from_db(fields=["stock"])
            raise CheckoutError(
                sold_out_message(item.product, item.quantity), product_id=item.product_id
            )


def _take_stock_in_one_statement(quantities: list[tuple[int, int]]) -> set[int]:
    """PostgreSQL: lock the rows in pk order, then one conditional UPDATE; the ids taken."""
    rows = ", ".join(["(%s::bigint, %s::integer)"] * len(quantities))
    table = Product._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH locked AS MATERIALIZED (SELECT id FROM {table} WHERE id = ANY(%s) "
            "ORDER BY id FOR UPDATE) "
            f"UPDATE {table} AS p SET stock = p.stock - v.quantity "
            f"FROM (VALUES {rows}) AS v(id, quantity) "
            "WHERE p.id = v.id AND p.id IN (SELECT id FROM locked) AND p.stock >= v.quantity "
            "RETURNING p.id",
            [[pk for pk, _q in quantities], *(value for pair in quantities for value in pair)],
        )
        return {row[0] for row in cursor.fetchall()}


def _take_stock_line_by_line(quantities: list[tuple[int, int]]) -> set[int]:
    """SQLite (the quick start), which serialises writers: one conditional UPDATE a line."""
    return {
        pk
        for pk, quantity in quantities
        if Product.objects.filter(pk=pk, stock__gte=quantity).update(stock=F("stock") - quantity)
    }


def _create_suborders(order: Order, by_seller, subtotals, shipping, *, notify: bool) -> None:
    """Sub-orders, their first event, lines and outbox rows: one INSERT per table.

    Without ``notify`` (a prepaid order) nobody hears of it yet: the payment method queues
    the same notices with ``queue_placement_notices`` once the order is paid.
    """
    seller_ids = sorted(by_seller)
    suborders = SubOrder.objects.bulk_create(
        SubOrder(
            order=order,
            seller=by_seller[sid][0].product.seller,
            subtotal=subtotals[sid],
            shipping=shipping[sid],
            total=subtotals[sid] + shipping[sid],
        )
        for sid in seller_ids
    )
    SubOrderEvent.objects.bulk_create(
        SubOrderEvent(suborder=s, to_status=SubOrder.Status.PLACED, by=order.buyer)
        for s in suborders
    )
    OrderLine.objects.bulk_create(
        _line(suborder, item) for suborder in suborders for item in by_seller[suborder.seller_id]
    )
    if not notify:
        return
    notices = placement_notices(order, suborders)
    queue_new_notifications(notices)


def _line(suborder: SubOrder, item: CartItem) -> OrderLine:
    p = item.product
    return OrderLine(
        suborder=suborder,
        product=p,
        title=p.title or p.title_hi,
        title_hi=p.title_hi,
        seller_name=suborder.seller.display_name,
        unit_price=p.price,
        quantity=item.quantity,
        line_total=p.price * item.quantity,
    )
