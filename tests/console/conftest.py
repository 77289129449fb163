"""Fixtures for the seller pages: artisans in each state and real image files; ODOP
helpers at a workshop."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sellers import assisted
from sellers.models import SellerProfile
from tests.factories import CraftFactory, DistrictFactory, SellerFactory, UserFactory
from tests.roles import HELPER, restore_staff_roles


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


# ODOP helpers at workshops ----------------------------------------------------------


@pytest.fixture
def district(db):
    return DistrictFactory(name="Varanasi", name_hi="वाराणसी")


@pytest.fixture
def craft(db):
    return CraftFactory(name="Textiles", name_hi="वस्त्र")


def make_helper(*districts, email="helper@odop.example"):
    restore_staff_roles()
    helper = UserFactory(email=email, full_name="Sunita Yadav")
    helper.groups.add(Group.objects.get(name=HELPER))
    for district in districts:
        assisted.assign_helper(user=helper, district=district)
    return get_user_model().objects.get(pk=helper.pk)  # fresh permission cache


@pytest.fixture
def helper(district):
    return make_helper(district)


@pytest.fixture
def workshop(helper, district):
    return assisted.record_workshop(
        by=helper, district=district, held_on=timezone.localdate(), venue="Block office hall"
    )
