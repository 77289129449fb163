"""Writes for artisans' onboarding: profile, business and bank steps, and sending the
application. Staff decisions on it are in ``sellers.moderation``; listings are catalog's.

Every function is keyword-only and atomic.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from kernel.images import flatten, strip_and_orient
from kernel.slugs import unique_slug
from sellers.models import GIAuthorisedUser, SellerProfile

Status = SellerProfile.Status

#: Onboarding steps in order. ``onboarding_step`` holds the next step to fill in.
STEPS = ("profile", "business", "review")

EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.REJECTED})


def _advance_step(profile: SellerProfile, done: str) -> None:
    """Remember the step after ``done``, never moving backwards (resume goes forward)."""
    following = STEPS[min(STEPS.index(done) + 1, len(STEPS) - 1)]
    current = profile.onboarding_step if profile.onboarding_step in STEPS else STEPS[0]
    profile.onboarding_step = max(following, current, key=STEPS.index)


def _ensure_editable(profile: SellerProfile) -> None:
    if profile.pk and profile.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Your application has been sent; it can no longer be changed here."),
            code="not_editable",
        )


# Onboarding -----------------------------------------------------------------------------


#: The artisan's photo is stored at most this many pixels on its long side.
PROFILE_PHOTO_MAX_SIDE = 1024


def clean_profile_photo(upload: File) -> ContentFile:
    """The photo upright, shrunk, re-encoded as JPEG with no metadata (no GPS of home).

    ``upload`` must already have passed ``validate_image_upload``.
    """
    upload.seek(0)
    with Image.open(upload) as im:
        im.load()
        clean = flatten(strip_and_orient(im))
        clean.thumbnail((PROFILE_PHOTO_MAX_SIDE, PROFILE_PHOTO_MAX_SIDE))
        buffer = io.BytesIO()
        clean.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


@transaction.atomic
def save_profile_step(*, profile: SellerProfile) -> SellerProfile:
    """Save step 1 (a profile filled in by ProfileForm); create the artisan on first save.

    Only one name may be given: the English one falls back to the Hindi one, since
    ``display_name`` is the name used everywhere a single name is needed. A new photo
    is stored cleaned of its metadata.
    """
    _ensure_editable(profile)
    if profile.photo and not profile.photo._committed:
        profile.photo = clean_profile_photo(profile.photo.file)
    if not profile.display_name:
        profile.display_name = profile.display_name_hi
    if not profile.slug:
        profile.slug = unique_slug(
            SellerProfile, profile.display_name, fallback=f"artisan-{profile.user_id}"
        )
    _advance_step(profile, "profile")
    profile.save()
    return profile


@transaction.atomic
def save_business_step(*, profile: SellerProfile, data: dict[str, str]) -> SellerProfile:
    """Save step 2: KYC numbers (optional) and bank details, already validated by BusinessForm."""
    _ensure_editable(profile)
    for name in ("udyam_number", "gstin", "pan", "bank_account_number", "ifsc"):
        setattr(profile, name, data.get(name, "") or "")
    profile.account_holder_name = data["account_holder_name"].strip()
    _advance_step(profile, "business")
    profile.save()
    return profile


def missing_for_submission(profile: SellerProfile) -> list[str]:
    """Step names still incomplete; an empty list means the application can be sent."""
    missing = []
    if not (profile.pk and profile.display_name and profile.mobile):
        missing.append("profile")
    if not (profile.bank_account_number and profile.ifsc and profile.account_holder_name):
        missing.append("business")
    return missing


@transaction.atomic
def submit_application(*, profile: SellerProfile) -> SellerProfile:
    """Send a draft (or a rejected, corrected) application to ODOP staff: status → pending."""
    profile = SellerProfile.objects.select_for_update().get(pk=profile.pk)
    _ensure_editable(profile)
    if missing_for_submission(profile):
        raise ValidationError(
            _("Some details are still missing. Fill in every step, then send again."),
            code="incomplete",
        )
    profile.status = Status.PENDING
    profile.submitted_at = timezone.now()
    profile.onboarding_step = "review"
    profile.save(update_fields=["status", "submitted_at", "onboarding_step", "updated_at"])
    return profile


@transaction.atomic
def decide_gi_authorisation(*, claim_ids, status: str, by, note: str = "") -> int:
    """Staff mark GI authorised-user claims verified or rejected (with a note)."""
    if status not in (GIAuthorisedUser.Status.VERIFIED, GIAuthorisedUser.Status.REJECTED):
        raise ValueError(status)
    return GIAuthorisedUser.objects.filter(pk__in=list(claim_ids)).update(
        status=status, staff_note=note[:300], verified_by=by, verified_at=timezone.now()
    )


def submit_gi_authorisation(*, seller, gi_tag, authorised_user_number: str, document):
    """An artisan's claim (new, or replacing their earlier one for the tag) waits for staff."""
    claim, created = GIAuthorisedUser.objects.get_or_create(
        seller=seller,
        gi_tag=gi_tag,
        defaults={"authorised_user_number": authorised_user_number, "document": document},
    )
    if not created:
        if claim.document:
            claim.document.delete(save=False)
        claim.authorised_user_number = authorised_user_number
        claim.document = document
        claim.status = GIAuthorisedUser.Status.PENDING
        claim.verified_by = None
        claim.verified_at = None
        claim.save()
    return claim
