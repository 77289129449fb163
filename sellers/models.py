"""Artisans: their public profile, KYC and payout details, and verification status."""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.fields import EncryptedCharField
from accounts.masking import mask
from accounts.validators import validate_indian_mobile
from kernel.i18n import TranslatedMixin
from kernel.storage import private_storage


class SellerProfile(TranslatedMixin, models.Model):
    """An artisan who sells on ODOP Market.

    Status moves draft → pending (submitted) → approved or rejected (with a reason);
    an approved artisan may be suspended, which hides all their products at once.
    KYC and bank numbers are stored encrypted and shown masked except to staff holding
    the ``view_kyc`` permission.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Application not yet sent")
        PENDING = "pending", _("Waiting for verification")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="seller_profile",
        verbose_name=_("user"),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    display_name = models.CharField(_("name shown to buyers"), max_length=120)
    display_name_hi = models.CharField(
        _("name shown to buyers (Hindi)"), max_length=120, blank=True
    )
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        related_name="sellers",
        verbose_name=_("district"),
    )
    craft = models.ForeignKey(
        "districts.Craft", on_delete=models.PROTECT, related_name="sellers", verbose_name=_("craft")
    )
    story = models.TextField(_("your story"), blank=True)
    story_hi = models.TextField(_("your story (Hindi)"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="sellers/", blank=True)
    mobile = models.CharField(
        _("mobile number"), max_length=13, validators=[validate_indian_mobile]
    )
    udyam_number = EncryptedCharField(_("Udyam registration number"), blank=True)
    gstin = EncryptedCharField(_("GSTIN"), blank=True)
    pan = EncryptedCharField(_("PAN"), blank=True)
    bank_account_number = EncryptedCharField(_("bank account number"), blank=True)
    ifsc = models.CharField(_("IFSC"), max_length=11, blank=True)
    account_holder_name = models.CharField(_("account holder's name"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    onboarding_step = models.CharField(_("onboarding step reached"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["display_name"]
        permissions = [("view_kyc", _("Can see full KYC and bank details"))]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("catalog:artisan", kwargs={"slug": self.slug})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def masked_bank_account(self) -> str:
        return mask(self.bank_account_number)

    @property
    def masked_pan(self) -> str:
        return mask(self.pan)

    @property
    def masked_gstin(self) -> str:
        return mask(self.gstin)

    @property
    def masked_udyam(self) -> str:
        return mask(self.udyam_number)


class ModerationDecision(models.Model):
    """One staff decision on an artisan (approve, reject, suspend), kept as an audit row.

    Each decision tells the artisan exactly once by email: ``notified_at`` is set in the
    same transaction that sends it, so a retried task finds it set and sends nothing.
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    profile = models.ForeignKey(
        SellerProfile,
        on_delete=models.CASCADE,
        related_name="moderation_decisions",
        verbose_name=_("artisan"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason given to the artisan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)
    notified_at = models.DateTimeField(_("artisan emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile}: {self.get_decision_display()}"


def gi_document_path(instance: "GIAuthorisedUser", filename: str) -> str:
    """A random name: the artisan's file name may carry their name or number."""
    suffix = Path(filename).suffix.lower()[:6]
    return f"gi-authorised-users/{instance.seller_id}/{secrets.token_hex(12)}{suffix}"


class GIAuthorisedUser(models.Model):
    """An artisan's claim to be a registered authorised user of a GI tag.

    The certificate they upload lives in private storage (kernel.storage): staff read it
    through the admin, which streams it; nobody else ever can. Only a claim staff have
    verified shows on the GI page, and only its artisan's verified-GI products count.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Not verified")

    seller = models.ForeignKey(
        SellerProfile,
        on_delete=models.CASCADE,
        related_name="gi_authorisations",
        verbose_name=_("artisan"),
    )
    gi_tag = models.ForeignKey(
        "districts.GITag",
        on_delete=models.PROTECT,
        related_name="authorised_users",
        verbose_name=_("GI tag"),
    )
    authorised_user_number = models.CharField(_("authorised user number"), max_length=60)
    document = models.FileField(
        _("registration certificate"),
        upload_to=gi_document_path,
        storage=private_storage,
        max_length=200,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    staff_note = models.CharField(_("note to the artisan"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    verified_at = models.DateTimeField(_("checked"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("GI authorised user")
        verbose_name_plural = _("GI authorised users")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "gi_tag"], name="giauthoriseduser_unique")
        ]

    def __str__(self) -> str:
        return f"{self.seller}: {self.gi_tag}"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


# Assisted onboarding at district workshops (issue 17) ------------------------------------


class HelperAssignment(models.Model):
    """A district an ODOP helper (district staff or a self-help-group coordinator) works in.

    A helper records workshops and onboards artisans in these districts only; any other
    district's workshop or artisan does not exist for them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helper_assignments",
        verbose_name=_("helper"),
    )
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.CASCADE,
        related_name="helper_assignments",
        verbose_name=_("district"),
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("ODOP helper's district")
        verbose_name_plural = _("ODOP helpers' districts")
        ordering = ["district__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="helperassignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.district}"


class Workshop(models.Model):
    """A district workshop where helpers meet artisans and help them start selling."""

    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("district"),
    )
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    helpers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="workshops",
        blank=True,
        verbose_name=_("helpers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-held_on", "-pk"]
        permissions = [("assist_onboarding", _("Can onboard artisans at workshops"))]

    def __str__(self) -> str:
        return f"{self.district} {self.held_on:%d-%m-%Y}: {self.venue}"


class Attendee(models.Model):
    """Someone invited to (or met at) a workshop. Imported lists match on the mobile
    number, so importing the same list twice adds nobody twice.

    ``user`` is the artisan's own account once a helper has started onboarding them.
    """

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("workshop")
    )
    name = models.CharField(_("name"), max_length=150)
    mobile = models.CharField(
        _("mobile number"), max_length=13, validators=[validate_indian_mobile]
    )
    craft = models.ForeignKey(
        "districts.Craft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("craft"),
    )
    village = models.CharField(_("village or town"), max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_attendances",
        verbose_name=_("artisan's account"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "mobile"], name="attendee_unique_mobile")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.mobile})"


class AssistedConsent(models.Model):
    """An artisan's consent to be onboarded by a helper: a code sent by SMS to their
    mobile, read out to the helper. Only a hash of the code is kept; it expires, and a
    few wrong tries use it up. ``verified_at`` records the consent (with helper, time
    and workshop); until then the helper can do nothing for the artisan.
    """

    mobile = models.CharField(
        _("mobile number"), max_length=13, validators=[validate_indian_mobile]
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("helper"),
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("workshop"),
    )
    artisan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assisted_consents",
        verbose_name=_("artisan"),
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64)
    expires_at = models.DateTimeField(_("code expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    verified_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("code sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("artisan's consent")
        verbose_name_plural = _("artisans' consents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verified_at__isnull=True) | models.Q(artisan__isnull=False),
                name="assistedconsent_verified_has_artisan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mobile} / {self.helper}"


class AssistedAction(models.Model):
    """One thing a helper did for an artisan, kept as an audit row the artisan sees."""

    class Action(models.TextChoices):
        CONSENT = "consent", _("Consent given with a code sent to your mobile")
        PROFILE = "profile", _("Profile saved")
        BUSINESS = "business", _("Business and bank details saved")
        PRODUCT = "product", _("Draft product added")
        SUBMITTED = "submitted", _("Application sent")

    artisan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assisted_actions",
        verbose_name=_("artisan"),
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("helper"),
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.PROTECT,
        related_name="assisted_actions",
        verbose_name=_("workshop"),
    )
    action = models.CharField(_("what was done"), max_length=12, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("assisted action")
        verbose_name_plural = _("assisted actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.helper} → {self.artisan}: {self.get_action_display()}"
