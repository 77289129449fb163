"""Writes for artisans: onboarding steps, the application's status, and their listings.

Every function is keyword-only and atomic. Emails go out from Celery tasks enqueued on
commit, so a rolled-back change never tells anyone anything.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image

from catalog.images import strip_and_orient
from catalog.models import Product, ProductImage
from catalog.tasks import enqueue_image_processing
from sellers.models import SellerProfile

Status = SellerProfile.Status

#: Onboarding steps in order. ``onboarding_step`` holds the next step to fill in.
STEPS = ("profile", "business", "review")

EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.REJECTED})
MAX_IMAGES = 8


def unique_slug(model: type[models.Model], text: str, *, fallback: str, exclude_pk=None) -> str:
    """A slug from ``text`` (Latin letters only) not yet used by ``model``: 'asha', 'asha-2'…"""
    max_length = model._meta.get_field("slug").max_length - 6
    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


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
        clean = strip_and_orient(im)
        if clean.mode != "RGB":
            flat = Image.new("RGB", clean.size, (255, 255, 255))
            flat.paste(clean, mask=clean.getchannel("A") if "A" in clean.mode else None)
            clean = flat
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


# Listings -------------------------------------------------------------------------------


@dataclass
class NewImage:
    file: UploadedFile
    alt_text: str = ""
    alt_text_hi: str = ""


@dataclass
class ImageChanges:
    """What the listing form asks for the product's photos."""

    new: Sequence[NewImage] = ()
    #: {image id: {"position": int, "alt_text": str, "alt_text_hi": str}}
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    removed: Iterable[int] = ()


def can_publish(seller: SellerProfile) -> bool:
    return seller.status == Status.APPROVED


def _check_publish(seller: SellerProfile, status: str) -> None:
    if status == Product.Status.PUBLISHED and not can_publish(seller):
        raise ValidationError(
            _(
                "You can publish once ODOP has approved your application. "
                "Save it as a draft for now."
            ),
            code="not_approved",
        )


def _apply_product_status(product: Product, status: str) -> None:
    product.status = status
    if status == Product.Status.PUBLISHED and product.published_at is None:
        product.published_at = timezone.now()


def create_product(
    *, seller: SellerProfile, product: Product, status: str, images: Sequence[NewImage]
) -> Product:
    """Create a listing with its 1–8 photos; photo processing is queued on commit.

    All or nothing: on any error no row is written and no stored file is left behind.
    """
    _check_publish(seller, status)
    _check_image_count(len(images))
    stored: list[str] = []
    with _files_removed_on_error(stored), transaction.atomic():
        product.seller = seller
        product.district_id = seller.district_id
        product.slug = unique_slug(
            Product, product.title or product.title_hi, fallback=f"product-{seller.pk}"
        )
        _apply_product_status(product, status)
        product.save()
        _save_images(product, images, start=0, stored=stored)
    return product


def update_product(
    *, product: Product, status: str, images: ImageChanges, gi_changed: bool = False
) -> Product:
    """Save an edited listing and its photos (added, removed, re-ordered, re-described)."""
    _check_publish(product.seller, status)
    stored: list[str] = []
    with _files_removed_on_error(stored), transaction.atomic():
        current = {img.pk: img for img in product.images.select_for_update()}
        removed = [current.pop(pk) for pk in set(images.removed) if pk in current]
        _check_image_count(len(current) + len(images.new))
        if gi_changed:
            product.gi_verified = False
        _apply_product_status(product, status)
        product.save()
        for pk, image in current.items():
            for name, value in images.updates.get(pk, {}).items():
                setattr(image, name, value)
        ordered = sorted(current.values(), key=lambda img: (img.position, img.pk))
        for index, image in enumerate(ordered):
            image.position = index
        ProductImage.objects.bulk_update(ordered, ["position", "alt_text", "alt_text_hi"])
        _delete_images(removed)
        _save_images(product, images.new, start=len(ordered), stored=stored)
    return product


@transaction.atomic
def archive_product(*, product: Product) -> Product:
    """Take a listing out of the shop; the artisan can bring it back by saving it again."""
    product.status = Product.Status.ARCHIVED
    product.save(update_fields=["status", "updated_at"])
    return product


def _check_image_count(count: int) -> None:
    if count < 1:
        raise ValidationError(
            _("Add at least one photo: buyers want to see what they buy."), code="no_images"
        )
    if count > MAX_IMAGES:
        raise ValidationError(
            _("A product can have at most %(max)d photos.") % {"max": MAX_IMAGES},
            code="too_many_images",
        )


@contextmanager
def _files_removed_on_error(stored: list[str]):
    """Delete the files stored during the block if it fails (its rows are rolled back)."""
    try:
        yield
    except BaseException:
        storage = ProductImage._meta.get_field("original").storage
        for name in stored:
            storage.delete(name)
        raise


def _save_images(
    product: Product, images: Sequence[NewImage], *, start: int, stored: list[str]
) -> None:
    """Store the files and their rows, then queue their processing for after commit."""
    created = []
    for offset, new in enumerate(images):
        image = ProductImage(
            product=product,
            position=start + offset,
            alt_text=new.alt_text,
            alt_text_hi=new.alt_text_hi,
        )
        image.original.save(new.file.name, new.file, save=False)
        stored.append(image.original.name)
        image.save()
        created.append(image.pk)
    if created:
        enqueue_image_processing(created)


def _delete_images(images: Sequence[ProductImage]) -> None:
    """Delete photo rows now and their files (original and renditions) after commit."""
    if not images:
        return
    storage = ProductImage._meta.get_field("original").storage
    names = [img.original.name for img in images]
    for img in images:
        for rendition in (img.renditions or {}).values():
            if isinstance(rendition, dict):
                names.extend(rendition[k] for k in ("webp", "jpeg") if rendition.get(k))
    ProductImage.objects.filter(pk__in=[img.pk for img in images]).delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
