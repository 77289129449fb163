"""Returns of order lines, their audit trail, and the photos that back them up.

Imported by ``orders.models`` so that Django registers them with the orders app.
Statuses and their allowed moves live in ``orders.returns`` (one table, one function).
"""

from __future__ import annotations

import posixpath
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import EncryptedCharField
from accounts.masking import mask
from kernel.storage import private_storage


class ReturnRequest(models.Model):
    """A buyer asks to send back ``quantity`` items of one order line.

    ``refund_amount`` is fixed when the return is asked for (unit price × quantity; the
    shipping charge is not refunded). ``refunded_amount`` and ``refunded_at`` are set once
    the money has gone back (queued at the gateway for prepaid orders, paid out by
    operations for cash on delivery): the ledger reads those two fields.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Return asked for")
        ACCEPTED = "accepted", _("Return accepted")
        REJECTED = "rejected", _("Return refused")
        DISPUTED = "disputed", _("Refusal disputed")
        CLOSED = "closed", _("Refusal upheld")
        PICKUP = "pickup", _("Pickup booked")
        RECEIVED = "received", _("Item received back")
        REFUNDED = "refunded", _("Refunded")

    class Reason(models.TextChoices):
        DAMAGED = "damaged", _("Arrived damaged")
        WRONG_ITEM = "wrong_item", _("Not the item I ordered")
        NOT_AS_DESCRIBED = "not_as_described", _("Not as shown or described")
        DEFECTIVE = "defective", _("Faulty or badly made")
        CHANGED_MIND = "changed_mind", _("I changed my mind")

    class RejectionReason(models.TextChoices):
        TAG_MISSING = "tag_missing", _("The tag or seal is missing")
        DIFFERENT_PRODUCT = "different_product", _("A different product was sent back")
        USED = "used", _("The item was used, washed or damaged after delivery")
        NOT_SUPPORTED = "not_supported", _("The photos do not show the problem")
        OTHER = "other", _("Another reason (explained below)")

    line = models.ForeignKey(
        "orders.OrderLine",
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=_("order line"),
    )
    #: The line's sub-order, kept here so an artisan's returns are one indexed query.
    suborder = models.ForeignKey(
        "orders.SubOrder",
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=_("sub-order"),
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=_("buyer"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    #: The sub-order was above RETURN_PROTECTION_THRESHOLD: photos on both sides.
    is_protected = models.BooleanField(_("return protection"), default=False)
    rejection_reason = models.CharField(
        _("reason for refusing"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.CharField(_("artisan's explanation"), max_length=500, blank=True)
    dispute_note = models.CharField(_("buyer's dispute"), max_length=500, blank=True)
    decision_note = models.CharField(_("operations' decision"), max_length=500, blank=True)
    pickup_courier = models.CharField(_("pickup courier"), max_length=100, blank=True)
    pickup_tracking_number = models.CharField(
        _("pickup tracking number"), max_length=100, blank=True
    )
    #: Set by the artisan on receiving the item: only a resellable item goes back in stock.
    is_resellable = models.BooleanField(_("can be sold again"), null=True, blank=True)
    refund_amount = models.DecimalField(_("refund due"), max_digits=12, decimal_places=2)
    refunded_amount = models.DecimalField(
        _("refunded"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    refunded_at = models.DateTimeField(_("refunded on"), null=True, blank=True)
    #: The gateway refund key, or the UPI/bank reference operations typed for a COD refund.
    refund_reference = models.CharField(_("refund reference"), max_length=100, blank=True)
    # Where a cash-on-delivery buyer wants the money: a UPI id or a bank account.
    payout_upi_id = EncryptedCharField(_("UPI id"), blank=True)
    payout_account_name = models.CharField(_("account holder"), max_length=120, blank=True)
    payout_account_number = EncryptedCharField(_("bank account number"), blank=True)
    payout_ifsc = models.CharField(_("IFSC"), max_length=11, blank=True)
    created_at = models.DateTimeField(_("asked on"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="return_qty_gt_0"),
            models.CheckConstraint(
                condition=models.Q(refund_amount__gte=0)
                & models.Q(refunded_amount__gte=0)
                & models.Q(refunded_amount__lte=models.F("refund_amount")),
                name="return_refund_within_due",
            ),
            # One return at a time per line; a refused one (closed) may be asked again.
            models.UniqueConstraint(
                fields=["line"],
                condition=~models.Q(status__in=["closed", "refunded"]),
                name="return_one_open_per_line",
            ),
        ]
        indexes = [models.Index(fields=["suborder", "status"])]

    def __str__(self) -> str:
        return f"return #{self.pk}"

    def get_seller_url(self) -> str:
        return reverse("console:return_detail", kwargs={"pk": self.pk})

    @property
    def is_cash_on_delivery_refund(self) -> bool:
        return bool(self.payout_upi_id or self.payout_account_number)

    @property
    def payout_display(self) -> str:
        """Where a COD refund goes, masked: 'UPI XXXXXXXX@okaxis' never shows in full."""
        if self.payout_upi_id:
            name, _sep, handle = self.payout_upi_id.partition("@")
            return f"UPI {mask(name, 2)}@{handle}"
        if self.payout_account_number:
            account = mask(self.payout_account_number)
            return f"{self.payout_account_name} · {account} · {self.payout_ifsc}"
        return ""


class ReturnEvent(models.Model):
    """One status change of a return: who moved it from what to what, and why."""

    return_request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("return")
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
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("return event")
        verbose_name_plural = _("return events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return ReturnRequest.Status(self.to_status).label


def evidence_upload_to(instance, filename: str) -> str:
    """A random private name: a phone's file name can carry a date, place or name."""
    extension = posixpath.splitext(filename or "")[1].lower().lstrip(".")
    if extension not in {"jpg", "jpeg", "png", "webp"}:
        extension = "bin"
    return f"evidence/uploads/{uuid.uuid4().hex}.{extension}"


class EvidencePhoto(models.Model):
    """A photo kept as evidence: the upload and its rendition both in private storage.

    The upload keeps whatever the phone wrote (GPS included) until processing replaces it
    with a clean original; only the rendition is ever shown, through a view that checks
    who is asking (``orders:evidence_photo``).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    original = models.FileField(_("photo"), upload_to=evidence_upload_to, storage=private_storage)
    rendition = models.FileField(_("rendition"), storage=private_storage, blank=True)
    state = models.CharField(
        _("processing state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    #: "return" or "packing": names the photo in the URL that shows it.
    kind = ""

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} photo #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("orders:evidence_photo", kwargs={"kind": self.kind, "pk": self.pk})

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY


class ReturnPhoto(EvidencePhoto):
    kind = "return"
    return_request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="photos", verbose_name=_("return")
    )

    class Meta(EvidencePhoto.Meta):
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")


class PackingPhoto(EvidencePhoto):
    """The artisan's photo of a packed parcel (tag and seal visible) before shipping."""

    kind = "packing"
    suborder = models.ForeignKey(
        "orders.SubOrder",
        on_delete=models.CASCADE,
        related_name="packing_photos",
        verbose_name=_("sub-order"),
    )

    class Meta(EvidencePhoto.Meta):
        verbose_name = _("packing photo")
        verbose_name_plural = _("packing photos")
