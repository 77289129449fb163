"""Cleaning return and packing photos: upright, metadata-free, one rendition, all private.

Runs in a Celery job after the upload is committed (``orders.tasks``). The upload is
replaced by a clean JPEG original and a rendition ``RENDITION_WIDTH`` wide, both in the
private storage: buyers' and artisans' evidence is shown only through
``orders.views.evidence_photo``, which checks who asks.
"""

from __future__ import annotations

import io
import logging
import uuid

from django.core.files.base import ContentFile
from PIL import Image

from kernel.images import DECODE_ERRORS, bomb_guard, flatten, strip_and_orient
from orders.models import PackingPhoto, ReturnPhoto

logger = logging.getLogger(__name__)

RENDITION_WIDTH = 800
MODELS = {"return": ReturnPhoto, "packing": PackingPhoto}


def _jpeg(im: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    flat = flatten(im)
    flat.save(buffer, "JPEG", quality=quality, optimize=True)  # no exif, no icc: no metadata
    return buffer.getvalue()


def process_evidence_photo(kind: str, photo_id: int) -> None:
    """Make one evidence photo ready. Safe to run twice: a ready photo is left alone."""
    model = MODELS[kind]
    photo = model.objects.filter(pk=photo_id).first()
    if photo is None or photo.is_ready:
        return
    storage = photo.original.storage
    uploaded_name = photo.original.name
    try:
        with storage.open(uploaded_name, "rb") as fh, bomb_guard(), Image.open(fh) as im:
            im.load()
            clean = strip_and_orient(im)
            width, height = clean.size
            original = _jpeg(clean, 90)
            if width > RENDITION_WIDTH:
                clean = clean.resize(
                    (RENDITION_WIDTH, max(1, round(height * RENDITION_WIDTH / width))),
                    Image.Resampling.LANCZOS,
                )
            rendition = _jpeg(clean, 82)
    except FileNotFoundError:
        model.objects.filter(pk=photo_id).update(state="failed", error="The file is missing.")
        return
    except DECODE_ERRORS as exc:
        model.objects.filter(pk=photo_id).update(state="failed", error=str(exc)[:300])
        return
    stem = uuid.uuid4().hex
    photo.original.name = storage.save(f"evidence/originals/{stem}.jpg", ContentFile(original))
    photo.rendition.name = storage.save(f"evidence/renditions/{stem}.jpg", ContentFile(rendition))
    photo.width, photo.height = width, height
    photo.state = photo.State.READY
    photo.error = ""
    photo.save(update_fields=["original", "rendition", "width", "height", "state", "error"])
    try:
        storage.delete(uploaded_name)
    except OSError:
        logger.exception("Could not delete the upload of %s photo %s", kind, photo_id)
