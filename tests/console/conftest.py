"""Fixtures for the seller pages: artisans in each state and real image files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sellers.models import SellerProfile
from tests.factories import SellerFactory, UserFactory


def jpeg_upload(name: str = "photo.jpg", size: tuple[int, int] = (800, 600)) -> SimpleUploadedFile:
    """A real JPEG that passes upload validation (at least 600 px on the short side)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def text_as_jpeg(name: str = "notes.jpg") -> SimpleUploadedFile:
    """A text file named .jpg and declared as image/jpeg: must be refused by decoding."""
    return SimpleUploadedFile(name, b"this is not a photo\n" * 50, content_type="image/jpeg")


@pytest.fixture
def shopper(db):
    return UserFactory()


@pytest.fixture
def seller(db):
    return SellerFactory()


@pytest.fixture
def other_seller(db):
    return SellerFactory()


@pytest.fixture
def pending_seller(db):
    return SellerFactory(status=SellerProfile.Status.PENDING)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def files_under(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
