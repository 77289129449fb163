"""Cleaning review photos: upright, sRGB, every piece of metadata dropped, two JPEG sizes.

Uses the kernel's one cleaning step (``strip_and_orient``) and the catalogue's upload
checks (``validate_image_upload``, in the form). The raw upload is deleted once the clean
copies exist; until then the photo is not shown.
"""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from engagement.models import Review, ReviewPhoto
from kernel.images import ALLOWED_FORMATS, DECODE_ERRORS, bomb_guard, flatten, strip_and_orient

logger = logging.getLogger(__name__)

SIZES = {"large": 1280, "thumb": 320}
JPEG_QUALITY = 82


def _jpeg(im: Image.Image, width: int) -> tuple[bytes, int, int]:
    if im.width > width:
        im = im.resize((width, max(1, round(im.height * width / im.width))), Image.LANCZOS)
    flat = flatten(im)
    buffer = io.BytesIO()
    flat.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return buffer.getvalue(), flat.width, flat.height


def process_review_photo(photo_id: int) -> None:
    """Make the clean renditions of one photo and publish them on its review. Idempotent."""
    photo = ReviewPhoto.objects.filter(pk=photo_id).first()
    if photo is None or photo.state == ReviewPhoto.State.READY:
        return
    storage = photo.original.storage
    try:
        with photo.original.open("rb") as handle:
            data = handle.read()
        with bomb_guard(), Image.open(io.BytesIO(data)) as raw:
            if raw.format not in ALLOWED_FORMATS:
                raise ValueError(f"unsupported format {raw.format}")
            raw.load()
            clean = strip_and_orient(raw)
            renditions: dict = {}
            for name, width in SIZES.items():
                content, w, h = _jpeg(clean, width)
                stored = storage.save(f"reviews/photos/{photo.pk}/{name}.jpg", ContentFile(content))
                renditions[name] = stored
                if name == "large":
                    renditions.update(width=w, height=h)
    except DECODE_ERRORS as exc:
        logger.warning("Review photo %s could not be processed: %s", photo_id, exc)
        ReviewPhoto.objects.filter(pk=photo_id).update(
            state=ReviewPhoto.State.FAILED, error=str(exc)[:300]
        )
        return
    upload = photo.original.name
    with transaction.atomic():
        ReviewPhoto.objects.filter(pk=photo_id).update(
            state=ReviewPhoto.State.READY, renditions=renditions, original=""
        )
        publish_photos(review_id=photo.review_id)
    transaction.on_commit(lambda: storage.delete(upload))


def publish_photos(*, review_id: int) -> None:
    """Copy the review's ready photos onto the review row (one query per page of reviews)."""
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        return
    ready = ReviewPhoto.objects.filter(review_id=review_id, state=ReviewPhoto.State.READY)
    review.photos = [photo.renditions for photo in ready.order_by("position", "pk")]
    review.has_photos = bool(review.photos)
    review.save(update_fields=["photos", "has_photos", "updated_at"])
