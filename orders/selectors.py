"""Read-side queries about carts and orders (also used by the seller dashboard)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from catalog.models import Product
from orders.models import Cart, CartItem, Order, OrderLine, SubOrder
from orders.return_selectors import returns_prefetch
from orders.services import shipping_charge

#: Artisans see a prepaid order only once it is paid (awaiting, or expired unpaid: hidden).
_UNPAID = {"order__payment_status__in": ["awaiting", "expired"]}


def seller_dashboard_figures(seller) -> dict:
    """Orders waiting for the artisan's action and this month's sales, for the dashboard.

    Returns {"awaiting_action": int, "sales_this_month": Decimal}: sub-orders placed or
    accepted (to accept or to ship), and the item value of this month's sub-orders that
    were not cancelled (India time), in one query.
    """
    now = timezone.localtime()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    open_statuses = [SubOrder.Status.PLACED, SubOrder.Status.ACCEPTED]
    figures = (
        SubOrder.objects.filter(seller=seller)
        .exclude(**_UNPAID)
        .aggregate(
            awaiting_action=Count("pk", filter=Q(status__in=open_statuses)),
            sales_this_month=Sum(
                "subtotal",
                filter=Q(created_at__gte=month_start) & ~Q(status=SubOrder.Status.CANCELLED),
            ),
        )
    )
    return {
        "awaiting_action": figures["awaiting_action"] or 0,
        "sales_this_month": figures["sales_this_month"] or Decimal("0.00"),
    }


# --- cart ---------------------------------------------------------------------------


def cart_for_request(request) -> Cart | None:
    """The visitor's cart, without creating one (and without a query for a new visitor)."""
    user = request.user
    if user.is_authenticated:
        return Cart.objects.filter(user=user).first()
    cart_id = request.session.get("cart_id")
    if not cart_id:
        return None
    return Cart.objects.filter(pk=cart_id, user__isnull=True).first()


def cart_quantity(*, user) -> int:
    """How many items the user's cart holds (for the header count kept in the session)."""
    total = CartItem.objects.filter(cart__user=user).aggregate(n=Sum("quantity"))["n"]
    return total or 0


@dataclass
class CartLine:
    item: CartItem
    problem: str = ""  # "unavailable", "sold_out", "too_many" or ""

    @property
    def product(self) -> Product:
        return self.item.product

    @property
    def line_total(self) -> Decimal:
        return self.item.product.price * self.item.quantity


@dataclass
class CartGroup:
    seller: object
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        """Only lines that can be bought as they are: a sold-out item never earns free shipping."""
        return sum((line.line_total for line in self.lines if not line.problem), Decimal("0.00"))

    @property
    def shipping(self) -> Decimal:
        if not any(not line.problem for line in self.lines):
            return Decimal("0.00")
        return shipping_charge(self.subtotal)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping


@dataclass
class CartSummary:
    groups: list[CartGroup]

    @property
    def lines(self) -> list[CartLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def count(self) -> int:
        return sum(line.item.quantity for line in self.lines)

    @property
    def problems(self) -> list[CartLine]:
        return [line for line in self.lines if line.problem]

    @property
    def subtotal(self) -> Decimal:
        return sum((g.subtotal for g in self.groups), Decimal("0.00"))

    @property
    def shipping(self) -> Decimal:
        return sum((g.shipping for g in self.groups), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping


def _problem(item: CartItem) -> str:
    product = item.product
    if product.status != Product.Status.PUBLISHED or not product.seller.is_approved:
        return "unavailable"
    if product.stock <= 0:
        return "sold_out"
    if product.stock < item.quantity:
        return "too_many"
    return ""


def cart_summary(cart: Cart | None) -> CartSummary:
    """The cart grouped by artisan, each line flagged when it cannot be bought as it is."""
    if cart is None:
        return CartSummary(groups=[])
    items = cart.items.select_related("product__seller", "product__district").order_by(
        "product__seller__display_name", "added_at", "pk"
    )
    groups: dict[int, CartGroup] = {}
    for item in items:
        seller = item.product.seller
        group = groups.setdefault(seller.pk, CartGroup(seller=seller))
        group.lines.append(CartLine(item=item, problem=_problem(item)))
    return CartSummary(groups=list(groups.values()))


# --- orders -------------------------------------------------------------------------


def _lines() -> Prefetch:
    return Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))


def orders_for_buyer(buyer) -> QuerySet[Order]:
    suborders = SubOrder.objects.select_related("seller").order_by("pk")
    return (
        Order.objects.filter(buyer=buyer)
        .prefetch_related(Prefetch("suborders", queryset=suborders))
        .order_by("-placed_at", "-pk")
    )


def order_for_buyer(buyer, number: str) -> Order | None:
    """The buyer's order with its parts, lines and each line's returns (and their photos)."""
    lines = Prefetch(
        "lines", queryset=OrderLine.objects.prefetch_related(returns_prefetch()).order_by("pk")
    )
    suborders = (
        SubOrder.objects.select_related("seller").prefetch_related(lines, "events").order_by("pk")
    )
    return (
        Order.objects.filter(buyer=buyer, number=number)
        .prefetch_related(Prefetch("suborders", queryset=suborders))
        .first()
    )


def suborders_for_seller(seller, status: str = "") -> QuerySet[SubOrder]:
    qs = (
        SubOrder.objects.filter(seller=seller)
        .exclude(**_UNPAID)
        .select_related("order")
        .prefetch_related(_lines())
        .order_by("-created_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def suborder_for_seller(seller, pk: int) -> SubOrder | None:
    return (
        SubOrder.objects.filter(seller=seller, pk=pk)
        .exclude(**_UNPAID)
        .select_related("order")
        .prefetch_related(_lines(), "events__by", "packing_photos", "returns")
        .first()
    )
