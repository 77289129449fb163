"""Carts, orders split into one sub-order per artisan, their audit trail and email outbox."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import PostalAddress

#: Crockford-style base32 without the characters people misread (0/O, 1/I/L, U).
ORDER_NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_order_number() -> str:
    """'OD-261126-7K3F9Q': the date (yymmdd, India time) and six random characters."""
    today = timezone.localdate().strftime("%y%m%d")
    suffix = "".join(secrets.choice(ORDER_NUMBER_ALPHABET) for _ in range(6))
    return f"OD-{today}-{suffix}"


class Cart(models.Model):
    """A shopping cart: a signed-in user's (one each) or an anonymous session's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cart",
        verbose_name=_("user"),
    )
    session_key = models.CharField(
        _("session key"), max_length=40, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"cart #{self.pk}"


class CartItem(models.Model):
    cart = models.ForeignKey(
        Cart, on_delete=models.CASCADE, related_name="items", verbose_name=_("cart")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cartitem_unique_product"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="cartitem_qty_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"


class Order(PostalAddress):
    """What a buyer placed in one checkout: totals and a copy of the shipping address.

    The items live in one SubOrder per artisan. ``idempotency_key`` is generated when the
    checkout page renders, so submitting the same checkout twice finds this order again.
    """

    class PaymentStatus(models.TextChoices):
        PENDING = "pending", _("To be paid on delivery")
        AWAITING = "awaiting", _("Awaiting online payment")
        EXPIRED = "expired", _("Not paid in time")
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        NOT_DUE = "not_due", _("Nothing to pay")

    number = models.CharField(_("order number"), max_length=20, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("buyer"),
    )
    idempotency_key = models.CharField(_("checkout key"), max_length=64)
    subtotal = models.DecimalField(_("items"), max_digits=12, decimal_places=2)
    shipping_total = models.DecimalField(_("shipping"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    #: A code from settings.PAYMENT_METHODS (orders.payments), e.g. "cod".
    payment_method = models.CharField(_("payment method"), max_length=20, default="cod")
    payment_status = models.CharField(
        _("payment status"),
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    placed_at = models.DateTimeField(_("placed"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key"], name="order_unique_idempotency_key"
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="order_total_gte_0"),
        ]
        indexes = [models.Index(fields=["buyer", "-placed_at"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:order_detail", kwargs={"number": self.number})

    def get_payment_method_display(self) -> str:
        from orders.payments import payment_label

        return payment_label(self.payment_method)


class SubOrder(models.Model):
    """The part of an order one artisan fulfils, with its own status and tracking."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        ACCEPTED = "accepted", _("Accepted")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="suborders", verbose_name=_("order")
    )
    seller = models.ForeignKey(
        "sellers.SellerProfile",
        on_delete=models.PROTECT,
        related_name="suborders",
        verbose_name=_("artisan"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLACED
    )
    subtotal = models.DecimalField(_("items"), max_digits=12, decimal_places=2)
    shipping = models.DecimalField(_("shipping"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    courier = models.CharField(_("courier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("sub-order")
        verbose_name_plural = _("sub-orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "seller"], name="suborder_unique_seller"),
        ]
        indexes = [models.Index(fields=["seller", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.seller_id}"

    def get_seller_url(self) -> str:
        return reverse("console:order_detail", kwargs={"pk": self.pk})


class OrderLine(models.Model):
    """One product in a sub-order, copied at purchase time so later edits never change it."""

    suborder = models.ForeignKey(
        SubOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("sub-order")
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_hi = models.CharField(_("title (Hindi)"), max_length=200, blank=True)
    seller_name = models.CharField(_("artisan"), max_length=120)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="orderline_qty_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title}"

    @property
    def display_title(self) -> str:
        """The snapshot title in the active language, English when there is no Hindi."""
        if get_language() == "hi" and self.title_hi:
            return self.title_hi
        return self.title


class SubOrderEvent(models.Model):
    """One status change of a sub-order: who moved it from what to what, and why."""

    suborder = models.ForeignKey(
        SubOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("sub-order")
    )
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("sub-order event")
        verbose_name_plural = _("sub-order events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return SubOrder.Status(self.to_status).label


class Notification(models.Model):
    """An email to send, written in the same transaction as what it announces.

    ``dedupe_key`` makes each notice unique (e.g. 'shipped:suborder:42'); the task claims
    the row (SELECT … FOR UPDATE SKIP LOCKED) and marks it sent in the same transaction, so a
    retried task or a re-run sweep never sends it twice.
    """

    class Kind(models.TextChoices):
        ORDER_CONFIRMATION = "order_confirmation", _("Order confirmation")
        NEW_ORDER = "new_order", _("New order for an artisan")
        SHIPPED = "shipped", _("Shipped")
        CANCELLED = "cancelled", _("Cancelled")
        RETURN_REQUESTED = "return_requested", _("Return asked for")
        RETURN_ACCEPTED = "return_accepted", _("Return accepted")
        RETURN_REJECTED = "return_rejected", _("Return refused")
        RETURN_DISPUTED = "return_disputed", _("Return refusal disputed")
        RETURN_DECIDED = "return_decided", _("Return dispute decided")
        RETURN_PICKUP = "return_pickup", _("Return pickup booked")
        RETURN_RECEIVED = "return_received", _("Returned item received")
        RETURN_REFUNDED = "return_refunded", _("Return refunded")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("order")
    )
    suborder = models.ForeignKey(
        SubOrder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("sub-order"),
    )
    return_request = models.ForeignKey(
        "orders.ReturnRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("return"),
    )
    dedupe_key = models.CharField(_("dedupe key"), max_length=100, unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.dedupe_key


class DistrictDaySales(models.Model):
    """What one district sold on one day (India time), kept by orders.rollups.

    A district's sales are the sub-orders of its artisans. ``orders`` counts the checkouts
    with at least one part from the district that is not cancelled, so an order with
    products from two districts counts once in each. Units and sales value leave cancelled
    parts out; ``suborders`` and ``cancelled_suborders`` give the cancellation rate, and
    ``returned_suborders`` the return rate (on the day the order was placed).
    Every row is recomputed from the orders themselves, never incremented, so refreshing
    one twice is harmless.
    """

    district = models.ForeignKey(
        "districts.District",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("district"),
    )
    day = models.DateField(_("day"))
    orders = models.PositiveIntegerField(_("orders"), default=0)
    suborders = models.PositiveIntegerField(_("artisans' parts of orders"), default=0)
    cancelled_suborders = models.PositiveIntegerField(_("cancelled parts"), default=0)
    #: Parts with a return accepted (whatever became of it since), of the day's orders.
    returned_suborders = models.PositiveIntegerField(_("parts with a return"), default=0)
    units = models.PositiveIntegerField(_("units sold"), default=0)
    gross_sales = models.DecimalField(
        _("gross sales value"), max_digits=14, decimal_places=2, default=0
    )
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("district sales per day")
        verbose_name_plural = _("district sales per day")
        ordering = ["day", "district_id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "day"], name="districtdaysales_unique")
        ]
        indexes = [models.Index(fields=["day", "district"])]

    def __str__(self) -> str:
        return f"{self.district_id} {self.day}"


class SalesRollupMark(models.Model):
    """A district and day whose rollup rows are out of date: written by the transaction
    that changed their orders, consumed by ``orders.rollups.refresh_marked``.

    Plain rows, never updated: two checkouts marking the same district and day contend on
    nothing, and a mark becomes visible (and can be consumed) only when the order that
    wrote it has committed. No foreign key, so writing one locks no district row.
    """

    day = models.DateField(_("day"))
    district_id = models.PositiveIntegerField(_("district"))
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        verbose_name = _("stale sales rollup")
        verbose_name_plural = _("stale sales rollups")

    def __str__(self) -> str:
        return f"{self.district_id} {self.day}"


class ProductDaySales(models.Model):
    """What one product (and so one artisan) sold on one day, for the top-sellers tables.

    Kept beside DistrictDaySales and refreshed with it, per district and day.
    """

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    seller = models.ForeignKey("sellers.SellerProfile", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    title_hi = models.CharField(_("title (Hindi)"), max_length=200, blank=True)
    units = models.PositiveIntegerField(_("units sold"), default=0)
    gross_sales = models.DecimalField(
        _("gross sales value"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("product sales per day")
        verbose_name_plural = _("product sales per day")
        ordering = ["day", "pk"]
        indexes = [
            models.Index(fields=["district", "day"]),
            models.Index(fields=["day"]),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day}"


# Returns live in their own module; importing them here registers them with the app.
from orders.return_models import (  # noqa: E402, F401
    PackingPhoto,
    ReturnEvent,
    ReturnPhoto,
    ReturnRequest,
)
