"""Turning an uploaded product photo into a clean original and web renditions.

Runs in a Celery worker (``catalog.tasks``) after the upload is committed. The photo is
turned upright, every piece of metadata is stripped (a phone photo's GPS points to the
artisan's home), the stored upload is replaced by that clean copy, and WebP and JPEG
renditions are written through Django's storage API so that the same code works on S3.
Import the public names from ``catalog.images``.
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone
from PIL import Image

from catalog.models import ProductImage
from catalog.upload_names import clean_original_name, is_clean_original, rendition_folder
from kernel.images import (  # noqa: F401  (re-exported through catalog.images)
    ALLOWED_FORMATS,
    DECODE_ERRORS,
    MAX_IMAGE_PIXELS,
    bomb_guard,
    flatten,
    strip_and_orient,
)

logger = logging.getLogger(__name__)

JPEG_ORIGINAL_QUALITY = 90
JPEG_RENDITION_QUALITY = 82
WEBP_QUALITY = 80


def _encode(im: Image.Image, image_format: str, *, original: bool = False) -> bytes:
    """Encode with no metadata: no ``exif``, ``icc_profile`` or ``xmp`` is ever passed."""
    buffer = io.BytesIO()
    if image_format == "JPEG":
        flat = flatten(im)
        quality = JPEG_ORIGINAL_QUALITY if original else JPEG_RENDITION_QUALITY
        # Progressive encoding costs 6× the time at full size; only web renditions use it.
        flat.save(buffer, "JPEG", quality=quality, progressive=not original, optimize=not original)
        if flat is not im:
            flat.close()
    elif image_format == "WEBP":
        im.save(buffer, "WEBP", quality=90 if original else WEBP_QUALITY, method=4)
    else:
        im.save(buffer, "PNG")
    return buffer.getvalue()


# --- Storage -------------------------------------------------------------------------


def image_folder(image_id: int) -> str:
    """Where one image's public renditions live: a folder no one can guess from its id."""
    return rendition_folder(image_id)


def _write(storage: Storage, name: str, content: bytes) -> str:
    """Write ``content`` under exactly ``name``, replacing what was there."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:
        logger.warning("Storage saved %s as %s", name, saved)
    return saved


# --- Processing ----------------------------------------------------------------------


class UnusablePhoto(Exception):
    """The stored file cannot be made into a product photo; retrying will not help."""


def _decode_original(data: bytes, *, at_least_width: int | None) -> tuple[Image.Image, str]:
    """Decode the stored bytes; JPEGs are decoded at reduced scale when that is enough."""
    im = None
    try:
        with bomb_guard():
            im = Image.open(io.BytesIO(data))
            image_format = im.format or ""
            if image_format not in ALLOWED_FORMATS:
                raise UnusablePhoto(f"Unsupported image format: {image_format or 'unknown'}")
            if at_least_width and image_format == "JPEG" and im.width > at_least_width:
                scale = at_least_width / im.width
                im.draft("RGB", (at_least_width, max(1, round(im.height * scale))))
            im.load()
    except (UnusablePhoto, *DECODE_ERRORS) as exc:
        if im is not None:
            im.close()
        if isinstance(exc, UnusablePhoto):
            raise
        raise UnusablePhoto(f"Could not decode the photo: {exc}") from exc
    return im, image_format


def _rendition_sizes(width: int, height: int) -> list[tuple[str, int, int]]:
    """(key, width, height) per configured width, never wider than the photo itself."""
    sizes = []
    for key_width in settings.IMAGE_RENDITION_WIDTHS:
        w = min(key_width, width)
        sizes.append((str(key_width), w, max(1, round(height * w / width))))
    return sizes


def _make_renditions(
    storage: Storage, clean: Image.Image, folder: str, full_size: tuple[int, int]
) -> dict[str, dict[str, int | str]]:
    """Write WebP and JPEG renditions, largest first, each resized from the one before.

    Sizes come from ``full_size`` (the clean original's), so that a run that decoded a
    JPEG at reduced scale names and measures its renditions exactly as a full decode would.
    """
    renditions: dict[str, dict[str, int | str]] = {}
    by_width: dict[int, dict[str, int | str]] = {}
    source = clean
    for key, w, h in sorted(_rendition_sizes(*full_size), key=lambda size: -size[1]):
        if w not in by_width:
            if source.size == (w, h):
                resized = source
            else:
                resized = source.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
            by_width[w] = {
                "webp": _write(storage, f"{folder}/{w}.webp", _encode(resized, "WEBP")),
                "jpeg": _write(storage, f"{folder}/{w}.jpg", _encode(resized, "JPEG")),
                "width": w,
                "height": h,
            }
            if source is not clean and source is not resized:
                source.close()
            source = resized
        renditions[key] = by_width[w]
    if source is not clean:
        source.close()
    return dict(sorted(renditions.items(), key=lambda item: int(item[0])))


def _mark_failed(image: ProductImage, message: str) -> None:
    image.state = ProductImage.State.FAILED
    image.error = message[:300]
    image.processed_at = timezone.now()
    image.save(update_fields=["state", "error", "processed_at"])


def _stale_names(image: ProductImage, keep: set[str]) -> set[str]:
    old = {
        name
        for entry in (image.renditions or {}).values()
        if isinstance(entry, dict)
        for fmt, name in entry.items()
        if fmt in ("webp", "jpeg") and isinstance(name, str)
    }
    return old - keep


def process_product_image(image_id: int) -> None:
    """Make one ProductImage ready: upright, metadata-free original plus renditions.

    Safe to run twice: every rendition has a fixed name under ``image_folder(image_id)``
    and is replaced, and a photo already cleaned (stored under the private originals, see
    ``catalog.upload_names``) is not re-encoded again. A file that cannot
    be decoded marks the image FAILED with the reason; storage errors (``OSError``)
    propagate so that the Celery task retries.
    """
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None:
        return
    if not image.original:
        _mark_failed(image, "No photo file is attached.")
        return
    storage = image.original.storage
    folder = image_folder(image.pk)
    uploaded_name = image.original.name
    # A cleaned original is never re-encoded (each JPEG pass loses quality), and only the
    # renditions' resolution is needed from it.
    already_clean = is_clean_original(uploaded_name) and bool(image.width)
    try:
        with storage.open(uploaded_name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        _mark_failed(image, "The photo file is missing from storage.")
        return
    try:
        clean, image_format = _decode_clean(
            data, at_least_width=max(settings.IMAGE_RENDITION_WIDTHS) if already_clean else None
        )
    except UnusablePhoto as exc:
        _mark_failed(image, str(exc))
        return
    del data
    with clean:
        if already_clean:
            original_name = uploaded_name
        else:
            original_name = _write(
                storage,
                clean_original_name(uploaded_name, ALLOWED_FORMATS[image_format]),
                _encode(clean, image_format, original=True),
            )
            image.width, image.height = clean.size
        renditions = _make_renditions(storage, clean, folder, (image.width, image.height))
    _finish(image, storage, original_name, renditions, uploaded_name)


def _decode_clean(data: bytes, *, at_least_width: int | None) -> tuple[Image.Image, str]:
    """Decode the stored bytes into a clean, upright image; return it and its format."""
    decoded, image_format = _decode_original(data, at_least_width=at_least_width)
    try:
        clean = strip_and_orient(decoded)
    except DECODE_ERRORS as exc:
        logger.warning("Could not clean a decoded photo", exc_info=True)
        decoded.close()
        raise UnusablePhoto(f"Could not convert the photo: {exc}") from exc
    if clean is not decoded:
        decoded.close()
    return clean, image_format


def _finish(
    image: ProductImage,
    storage: Storage,
    original_name: str,
    renditions: dict[str, dict[str, int | str]],
    uploaded_name: str,
) -> None:
    """Record the result, then remove the metadata-laden upload and stale renditions."""
    keep = {str(entry[fmt]) for entry in renditions.values() for fmt in ("webp", "jpeg")}
    stale = _stale_names(image, keep | {original_name})
    image.original.name = original_name
    image.renditions = renditions
    image.state = ProductImage.State.READY
    image.error = ""
    image.processed_at = timezone.now()
    image.save(
        update_fields=[
            "original",
            "width",
            "height",
            "renditions",
            "state",
            "error",
            "processed_at",
        ]
    )
    if uploaded_name != original_name:
        stale.add(uploaded_name)
    for name in stale:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete %s after processing image %s", name, image.pk)
