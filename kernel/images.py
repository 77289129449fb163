"""Photo cleaning shared by product photos (catalog) and artisans' portraits (sellers).

Pillow is set here to refuse decompression bombs and truncated files for the whole
process. ``strip_and_orient`` is the one place where metadata (a phone photo's GPS
position of the artisan's home) is dropped.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from PIL import Image, ImageCms, ImageFile, ImageOps

logger = logging.getLogger(__name__)

#: Decompression-bomb guard. 64 MP still admits a 48/50 MP phone photo (8160 × 6144);
#: Pillow warns above this and refuses outright above twice this.
MAX_IMAGE_PIXELS: int = getattr(settings, "MAX_IMAGE_PIXELS", 64_000_000)
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
# A truncated upload must be refused, never silently padded with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False

#: Pillow format name → file extension of the clean original.
ALLOWED_FORMATS: dict[str, str] = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ORIENTATION_TAG = 0x0112


#: Pillow on a hostile or damaged file may raise almost anything (OSError, SyntaxError,
#: ValueError, struct.error, IndexError...), so every decoding step catches Exception.
DECODE_ERRORS = (Exception,)


@contextmanager
def bomb_guard() -> Iterator[None]:
    """Turn Pillow's decompression-bomb warning into an exception for the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


# --- Cleaning ------------------------------------------------------------------------


def _to_srgb(im: Image.Image) -> Image.Image:
    """Convert colours to sRGB when the photo carries another ICC profile."""
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        mode = "RGBA" if im.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(im, source, target, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        logger.info("Dropping an ICC profile that could not be applied")
        return im
    return converted or im


#: Modes Pillow gives 16-bit greyscale PNGs (from scanners and some camera apps).
_HIGH_BIT_DEPTH_MODES = frozenset({"I", "I;16", "I;16L", "I;16B", "I;16N"})


def _to_8_bit(im: Image.Image) -> Image.Image:
    """16-bit greyscale scaled to 8 bits (0-65535 to 0-255).

    ``convert("RGB")`` clips such values at 255 instead of scaling them, which turns
    almost every pixel of the photo white.
    """
    if im.mode not in _HIGH_BIT_DEPTH_MODES:
        return im
    wide = im if im.mode == "I" else im.convert("I")
    eight = wide.point(lambda value: value * (1 / 257), "L")
    if wide is not im:
        wide.close()
    return eight


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)


def strip_and_orient(im: Image.Image) -> Image.Image:
    """Return ``im`` upright, in sRGB RGB or RGBA, with no metadata at all.

    EXIF orientation is applied to the pixels, colours are converted to sRGB, and the
    result carries no EXIF (GPS included), XMP, ICC profile or text chunks. The result
    may be ``im`` itself (stripped in place) when nothing else had to change; any
    intermediate copies are closed.
    """
    orientation = im.getexif().get(ORIENTATION_TAG, 1)
    upright = (ImageOps.exif_transpose(im) or im) if orientation in range(2, 9) else im
    srgb = _to_srgb(_to_8_bit(upright))
    mode = "RGBA" if _has_alpha(srgb) else "RGB"
    clean = srgb if srgb.mode == mode else srgb.convert(mode)
    for step in {id(upright): upright, id(srgb): srgb}.values():
        if step is not im and step is not clean:
            step.close()
    clean.info = {}
    return clean


def flatten(im: Image.Image) -> Image.Image:
    """An RGB image for JPEG: transparent areas become white."""
    if im.mode == "RGB":
        return im
    background = Image.new("RGB", im.size, (255, 255, 255))
    background.paste(im, mask=im.getchannel("A"))
    return background
