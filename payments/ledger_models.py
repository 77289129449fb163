"""The artisans' ledger: commission rates, ledger rows, payout runs and payouts.

Imported by payments.models. Ledger rows are append-only: the database refuses any
UPDATE or DELETE (a trigger, migration 0004); a correction is a new row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommissionRate(models.Model):
    """A commission rate (percent of the items' price) in force from ``starts_on`` to
    ``ends_on`` (inclusive; open-ended when empty).

    The rate for an order is the one in force on the day it was placed, so a rate is
    never edited once in force: operations add a new one. A row with neither craft nor
    artisan is the marketplace default; a craft's rate beats it, an artisan's override
    beats the craft's, and a promotion in force beats them all (the lowest promotion
    wins). A promotion with ``first_months`` applies only to artisans approved less than
    that many months before the order.
    """

    craft = models.ForeignKey(
        "districts.Craft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("craft"),
    )
    seller = models.ForeignKey(
        "sellers.SellerProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("artisan"),
    )
    percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2)
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    is_promotion = models.BooleanField(_("promotion"), default=False)
    first_months = models.PositiveSmallIntegerField(
        _("only for an artisan's first months"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("commission rate")
        verbose_name_plural = _("commission rates")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="commissionrate_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="commissionrate_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(first_months__isnull=True) | Q(is_promotion=True),
                name="commissionrate_first_months_promotion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent}% from {self.starts_on}"

    def is_in_force_or_past(self) -> bool:
        return self.pk is not None and self.starts_on <= timezone.localdate()


class PayoutRun(models.Model):
    """One run that grouped what was payable into payouts, started by staff or the beat."""

    class Method(models.TextChoices):
        NEFT = "neft", _("Bank NEFT file")
        RAZORPAYX = "razorpayx", _("RazorpayX payouts")

    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    payout_count = models.PositiveIntegerField(_("payouts"), default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("payout run")
        verbose_name_plural = _("payout runs")
        ordering = ["-started_at", "-pk"]
        permissions = [("run_payouts", _("Can start payout runs and import bank returns"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"


class Payout(models.Model):
    """Money sent to one artisan's bank account, under a unique ``reference``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent to the bank")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(
        PayoutRun, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("run")
    )
    seller = models.ForeignKey(
        "sellers.SellerProfile",
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("artisan"),
    )
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    utr = models.CharField(_("bank reference (UTR)"), max_length=40, blank=True)
    gateway_payout_id = models.CharField(_("RazorpayX payout id"), max_length=40, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=300, blank=True)
    #: The last status the artisan was told about (the notice is sent once per status).
    notified_status = models.CharField(_("artisan told of"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_gt_0"),
        ]

    def __str__(self) -> str:
        return self.reference


class LedgerEntry(models.Model):
    """One money event for one artisan. Positive: owed to the artisan; negative: taken
    off (commission, taxes withheld, refunds, payouts).

    ``key`` names the source and the kind (e.g. 'suborder:42:sale'), so posting the
    same event twice is refused by the database. ``payable_at`` is when the row may be
    paid out (a sale after the return window; deductions at once).
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        SHIPPING = "shipping", _("Shipping")
        COMMISSION = "commission", _("Marketplace commission")
        REFUND = "refund", _("Refund")
        RETURN = "return", _("Return reversal")
        TCS = "tcs", _("GST TCS (section 52)")
        TDS = "tds", _("Income-tax TDS (section 194-O)")
        PAYOUT = "payout", _("Payout")
        ADJUSTMENT = "adjustment", _("Adjustment")

    class Collector(models.TextChoices):
        GATEWAY = "gateway", _("Paid online")
        COURIER = "courier", _("Cash collected by the courier")

    seller = models.ForeignKey(
        "sellers.SellerProfile",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("artisan"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    key = models.CharField(_("source key"), max_length=80, unique=True)
    suborder = models.ForeignKey(
        "orders.SubOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sub-order"),
    )
    refund = models.ForeignKey(
        "payments.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refund"),
    )
    payout = models.ForeignKey(
        Payout,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payout"),
    )
    #: The percent applied (commission, TCS, TDS) and the amount it was applied to.
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2, null=True)
    base = models.DecimalField(_("on"), max_digits=12, decimal_places=2, null=True)
    collected_by = models.CharField(
        _("collected"), max_length=8, choices=Collector.choices, blank=True
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    occurred_at = models.DateTimeField(_("date"))
    payable_at = models.DateTimeField(_("payable from"), db_index=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["seller", "occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="adjustment") | ~Q(reason=""),
                name="ledgerentry_adjustment_has_reason",
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="ledgerentry_amount_not_0"),
        ]

    def __str__(self) -> str:
        return self.key


class PayoutLine(models.Model):
    """Which ledger row a payout paid: each row at most once (the unique ``entry``)."""

    payout = models.ForeignKey(
        Payout, on_delete=models.PROTECT, related_name="lines", verbose_name=_("payout")
    )
    entry = models.OneToOneField(
        LedgerEntry,
        on_delete=models.PROTECT,
        related_name="payout_line",
        verbose_name=_("ledger entry"),
    )

    class Meta:
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")

    def __str__(self) -> str:
        return f"{self.payout_id}:{self.entry_id}"
