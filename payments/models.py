"""Online payments: the gateway order per order, every payment attempt and its history,
refunds, the webhook events already applied and the daily reconciliation reports.

No card data is ever stored: a payment keeps the gateway's ids, the method (UPI, card,
netbanking, wallet), amounts, statuses and the failure reason the gateway gave.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GatewayOrder(models.Model):
    """The gateway's order for one of our orders: the amount the buyer must pay, once.

    ``receipt`` is our order number. ``gateway_order_id`` is empty until the gateway
    call succeeds; ``claimed_at`` lets one request at a time make that call.
    """

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting payment")
        PAID = "paid", _("Paid")
        EXPIRED = "expired", _("Expired unpaid")
        CANCELLED = "cancelled", _("Cancelled before payment")

    order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        related_name="gateway_order",
        verbose_name=_("order"),
    )
    gateway = models.CharField(_("gateway"), max_length=20, default="razorpay")
    gateway_order_id = models.CharField(_("gateway order id"), max_length=40, blank=True)
    receipt = models.CharField(_("receipt"), max_length=40)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="INR")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AWAITING
    )
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    claimed_at = models.DateTimeField(_("gateway call started"), null=True, blank=True)
    #: The captured payment that paid the order (a second capture is refunded in full).
    accepted_payment = models.ForeignKey(
        "Payment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted payment"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("gateway order")
        verbose_name_plural = _("gateway orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "gateway_order_id"],
                condition=~models.Q(gateway_order_id=""),
                name="gatewayorder_unique_gateway_id",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="gatewayorder_amount_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return self.gateway_order_id or self.receipt


class Payment(models.Model):
    """One attempt to pay a gateway order, as the gateway reported it."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        AUTHORIZED = "authorized", _("Authorised")
        CAPTURED = "captured", _("Captured")
        FAILED = "failed", _("Failed")
        REFUNDED = "refunded", _("Refunded")

    class Method(models.TextChoices):
        UPI = "upi", _("UPI")
        CARD = "card", _("Card")
        NETBANKING = "netbanking", _("Netbanking")
        WALLET = "wallet", _("Wallet")
        OTHER = "other", _("Other")

    gateway_order = models.ForeignKey(
        GatewayOrder,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("gateway order"),
    )
    gateway_payment_id = models.CharField(_("gateway payment id"), max_length=40, unique=True)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    failure_reason = models.CharField(_("failure reason"), max_length=300, blank=True)
    #: Set when the payment cannot be accepted (amount or currency not the order's).
    attention = models.CharField(_("needs attention"), max_length=300, blank=True)
    gateway_created_at = models.DateTimeField(_("created at the gateway"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.gateway_payment_id


class PaymentEvent(models.Model):
    """One status a payment went through, and who told us (return, webhook, reconciliation)."""

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="events", verbose_name=_("payment")
    )
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    source = models.CharField(_("source"), max_length=20)
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Refund(models.Model):
    """Money going back to the buyer, made once per ``key`` (e.g. 'suborder:42').

    The row is written in the transaction that cancels; the gateway is called after
    commit by ``payments.tasks.send_refund``, and the webhook confirms the outcome.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        PENDING = "pending", _("Being processed")
        PROCESSED = "processed", _("Processed")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("refund key"), max_length=60, unique=True)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    suborder = models.ForeignKey(
        "orders.SubOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("sub-order"),
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    gateway_refund_id = models.CharField(_("gateway refund id"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    failure_reason = models.CharField(_("failure reason"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("gateway call started"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_gt_0"),
            models.UniqueConstraint(
                fields=["gateway_refund_id"],
                condition=~models.Q(gateway_refund_id=""),
                name="refund_unique_gateway_id",
            ),
        ]

    def __str__(self) -> str:
        return self.gateway_refund_id or self.key


class WebhookEvent(models.Model):
    """A webhook already applied: a replay of the same event id changes nothing."""

    event_id = models.CharField(_("event id"), max_length=60, unique=True)
    event = models.CharField(_("event"), max_length=40)
    entity_id = models.CharField(_("entity id"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id}"


class ReconciliationReport(models.Model):
    """One day's comparison of the gateway's payments and refunds with ours."""

    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    gateway_payments = models.PositiveIntegerField(_("payments at the gateway"), default=0)
    our_payments = models.PositiveIntegerField(_("payments here"), default=0)
    gateway_refunds = models.PositiveIntegerField(_("refunds at the gateway"), default=0)
    our_refunds = models.PositiveIntegerField(_("refunds here"), default=0)
    #: [{"kind": "missing_here" | "missing_there" | "amount", "entity", "id", ...}, ...]
    mismatches = models.JSONField(_("mismatches"), default=list)

    class Meta:
        verbose_name = _("reconciliation report")
        verbose_name_plural = _("reconciliation reports")
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.day}: {len(self.mismatches)}"

    @property
    def is_clean(self) -> bool:
        return not self.mismatches


from payments.ledger_models import (  # noqa: E402
    CommissionRate,
    LedgerEntry,
    Payout,
    PayoutLine,
    PayoutRun,
)

__all__ = [
    "CommissionRate",
    "GatewayOrder",
    "LedgerEntry",
    "Payment",
    "PaymentEvent",
    "Payout",
    "PayoutLine",
    "PayoutRun",
    "ReconciliationReport",
    "Refund",
    "WebhookEvent",
]
