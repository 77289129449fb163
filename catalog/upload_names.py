"""Storage names for product photos that say nothing about the artisan or the product.

A phone's file name ("IMG_20261201_home_gps.jpg") can carry a date, a place or a name,
and sequential folders ("products/images/41/") let anyone who sees one published photo
try the ids around it and find drafts. So:

- uploads and their cleaned originals are stored under a random name (uuid4 hex) below
  ``PRIVATE_PREFIX``, which no page links to and which must not be served publicly (on
  the bucket, nothing under ``private/`` is public);
- public renditions live in a folder named by a keyed hash of the image id
  (``rendition_folder``): stable, so processing twice writes the same files, but not
  guessable without ``SECRET_KEY``.
"""

from __future__ import annotations

import posixpath
import uuid

from django.utils.crypto import salted_hmac

PRIVATE_PREFIX = "private/"
UPLOADS = "private/products/uploads"
ORIGINALS = "private/products/originals"
PUBLIC_IMAGES = "products/images"

#: Extensions kept from the upload's name (Pillow decides what the file really is).
_KEPT_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp"})


def product_photo_upload_to(instance, filename: str) -> str:
    """``upload_to`` of ProductImage.original: a random name, keeping only a known extension."""
    extension = posixpath.splitext(filename or "")[1].lower().lstrip(".")
    return f"{UPLOADS}/{uuid.uuid4().hex}.{extension if extension in _KEPT_EXTENSIONS else 'bin'}"


def clean_original_name(uploaded_name: str, extension: str) -> str:
    """Where the cleaned original of an upload goes: the upload's own random name, when it
    has one (so that a second run writes the same file), else a new random name."""
    stem = posixpath.splitext(posixpath.basename(uploaded_name))[0]
    if not (uploaded_name.startswith(f"{UPLOADS}/") and len(stem) == 32):
        stem = uuid.uuid4().hex
    return f"{ORIGINALS}/{stem}.{extension}"


def is_clean_original(name: str) -> bool:
    return name.startswith(f"{ORIGINALS}/")


def rendition_folder(image_id: int) -> str:
    """The public folder of one image's renditions: a keyed hash of its id, 32 hex digits."""
    token = salted_hmac("catalog.ProductImage.rendition_folder", str(image_id)).hexdigest()
    return f"{PUBLIC_IMAGES}/{token[:32]}"
