"""Writes to the catalogue: an artisan's listings and their photos, and curators' actions.

The artisan's console and the admin both call these, so a product is published, archived
or featured the same way whoever does it. Every function is keyword-only and atomic;
photo processing is queued for after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import FeaturedProduct, Product, ProductImage
from catalog.tasks import enqueue_image_processing
from kernel.slugs import unique_slug
from sellers.models import SellerProfile

MAX_IMAGES = 8


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
    """Only approved artisans publish; others may keep drafts."""
    return seller.status == SellerProfile.Status.APPROVED


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
    names = set().union(*(image.stored_names() for image in images))
    ProductImage.objects.filter(pk__in=[image.pk for image in images]).delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


# Ratings (kept by engagement, read by the catalogue's pages) -----------------------------


def set_rating_totals(*, product_id: int, ratings: dict[int, int]) -> None:
    """Store a product's published-review totals: ``ratings`` is {stars: how many}.

    Call it inside the transaction that changes the reviews (engagement does, after locking
    the product row), so the counts on cards, JSON-LD and sorting never disagree with the
    reviews. Updating the product row moves the catalogue version (migration 0005), so
    cached pages show the new figures at once.
    """
    counts = {stars: int(ratings.get(stars, 0)) for stars in range(1, 6)}
    Product.objects.filter(pk=product_id).update(
        rating_count=sum(counts.values()),
        rating_sum=sum(stars * count for stars, count in counts.items()),
        rating_distribution={str(stars): count for stars, count in counts.items() if count},
    )


def lock_product(*, product_id: int) -> Product | None:
    """Lock one product row for the rest of the transaction (None when it is gone)."""
    return Product.objects.select_for_update().filter(pk=product_id).first()


# Curators (admin actions) ---------------------------------------------------------------


@transaction.atomic
def publish_product(*, product: Product) -> bool:
    """Put a product in the shop (whoever listed it). Returns whether anything changed."""
    if product.status == Product.Status.PUBLISHED:
        return False
    _apply_product_status(product, Product.Status.PUBLISHED)
    product.save(update_fields=["status", "published_at", "updated_at"])
    return True


@transaction.atomic
def unpublish_product(*, product: Product) -> bool:
    """Take a published product back to draft. Returns whether anything changed."""
    if product.status != Product.Status.PUBLISHED:
        return False
    product.status = Product.Status.DRAFT
    product.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def feature_product(*, product: Product) -> FeaturedProduct | None:
    """Pin a product last among its district's curated picks; None if already there."""
    last = FeaturedProduct.objects.filter(district_id=product.district_id).aggregate(
        Max("position")
    )["position__max"]
    entry, created = FeaturedProduct.objects.get_or_create(
        district_id=product.district_id,
        product=product,
        defaults={"position": 0 if last is None else last + 1},
    )
    return entry if created else None


@transaction.atomic
def verify_gi_claim(*, product: Product) -> bool:
    """Staff confirm the product's GI tag claim. Returns whether anything changed."""
    if product.gi_tag_id is None or product.gi_verified:
        return False
    product.gi_verified = True
    product.save(update_fields=["gi_verified", "updated_at"])
    return True
