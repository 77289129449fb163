"""Product photos: checking uploads, processing them, and showing the renditions.

``validate_image_upload`` (and ``ProductPhotoField``, which applies it) runs in the
request: it decodes the file with Pillow, never trusting its name or content type, and
refuses with a message an artisan understands anything that is not a complete JPEG, PNG
or WebP photo of a sensible size.

``process_product_image`` runs in a Celery worker after the upload is committed (see
``catalog.image_processing``): upright, metadata-free original plus WebP and JPEG
renditions at ``settings.IMAGE_RENDITION_WIDTHS``.
"""

from __future__ import annotations

import io
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image

from catalog.image_processing import (
    ALLOWED_FORMATS,
    DECODE_ERRORS,
    MAX_IMAGE_PIXELS,
    bomb_guard,
    image_folder,
    process_product_image,
    strip_and_orient,
)

__all__ = [
    "ALLOWED_FORMATS",
    "MAX_IMAGE_PIXELS",
    "ProductPhotoField",
    "image_folder",
    "process_product_image",
    "strip_and_orient",
    "validate_image_upload",
]

# --- Upload validation ---------------------------------------------------------------


def _file_size(uploaded_file: IO[bytes]) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
    return int(size)


def _megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=1)


def _accepted_formats_hint() -> str:
    return _("Upload a JPEG, PNG or WebP photo.")


def _too_many_pixels_error() -> ValidationError:
    return ValidationError(
        _(
            "This photo has too many pixels to handle safely. "
            "Use a photo of at most %(megapixels)s megapixels."
        ),
        code="too_many_pixels",
        params={"megapixels": MAX_IMAGE_PIXELS // 1_000_000},
    )


def _damaged_error() -> ValidationError:
    return ValidationError(
        _(
            "This photo is damaged or incomplete, perhaps because the upload was cut short. "
            "Choose it again or try another photo."
        ),
        code="damaged",
    )


def _open_and_check_header(uploaded_file: IO[bytes]) -> tuple[str, int, int]:
    """Identify the file from its bytes and verify its structure; return format and size."""
    uploaded_file.seek(0)
    try:
        with bomb_guard(), Image.open(uploaded_file) as im:
            image_format, (width, height) = im.format, im.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("This file is a %(format)s image. %(hint)s"),
                    code="format",
                    params={"format": image_format, "hint": _accepted_formats_hint()},
                )
            im.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels_error() from None
    except Image.UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a photo we can read. %(hint)s"),
            code="not_an_image",
            params={"hint": _accepted_formats_hint()},
        ) from None
    except DECODE_ERRORS:
        raise _damaged_error() from None
    return image_format, width, height


def _decode_fully(uploaded_file: IO[bytes], width: int, height: int) -> None:
    """Decode every pixel (at reduced scale for JPEG) so that truncation is caught."""
    uploaded_file.seek(0)
    try:
        with bomb_guard(), Image.open(uploaded_file) as im:
            if im.format == "JPEG":
                # DCT scaling still reads the whole file but needs 1/64 of the memory.
                im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels_error() from None
    except DECODE_ERRORS:
        raise _damaged_error() from None


def validate_image_upload(uploaded_file: IO[bytes]) -> None:
    """Refuse anything but a complete JPEG, PNG or WebP photo of a usable size.

    Raises ``ValidationError`` with a message in the active language that says why.
    The file is decoded with Pillow; its name and declared content type are ignored.
    The file is rewound before returning, whatever the outcome.
    """
    try:
        size = _file_size(uploaded_file)
        if size == 0:
            raise ValidationError(
                _("This file is empty. Choose the photo again."), code="empty_file"
            )
        max_bytes = settings.MAX_UPLOAD_IMAGE_BYTES
        if size > max_bytes:
            raise ValidationError(
                _("This file is %(size)s MB. A photo can be at most %(max)s MB."),
                code="too_big",
                params={"size": _megabytes(size), "max": _megabytes(max_bytes)},
            )
        _format, width, height = _open_and_check_header(uploaded_file)
        if width * height > MAX_IMAGE_PIXELS:
            raise _too_many_pixels_error()
        min_side = settings.MIN_IMAGE_SHORT_SIDE
        if min(width, height) < min_side:
            raise ValidationError(
                _(
                    "This photo is too small: it is %(width)s × %(height)s pixels. "
                    "Use a photo at least %(min)s pixels on its shortest side."
                ),
                code="too_small",
                params={"width": width, "height": height, "min": min_side},
            )
        _decode_fully(uploaded_file, width, height)
    finally:
        uploaded_file.seek(0)


class ProductPhotoField(forms.FileField):
    """A form field for product photos whose every refusal is explained in plain words.

    Prefer it to ``forms.ImageField``, which answers a non-photo, a damaged file or a
    decompression bomb with one generic message before these checks can run.
    """

    default_validators = [validate_image_upload]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty_file", True)  # so the empty-file message is ours
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs
