"""Uploads keep no personal names, originals stay private, renditions cannot be enumerated."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from catalog import services
from catalog.images import image_folder, process_product_image
from catalog.models import Product, ProductImage
from tests.factories import ProductFactory, ReadyProductImageFactory, SellerFactory

pytestmark = pytest.mark.django_db

PERSONAL_NAME = "IMG_20261201_home_gps.jpg"
HEX32 = "[0-9a-f]{32}"


def jpeg(size=(800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def all_stored_names(folder: str = "") -> set[str]:
    if folder and not default_storage.exists(folder):
        return set()
    directories, files = default_storage.listdir(folder)
    prefix = f"{folder}/" if folder else ""
    names = {prefix + name for name in files}
    for directory in directories:
        names |= all_stored_names(prefix + directory)
    return names


def listing_with_photo(status=Product.Status.PUBLISHED) -> ProductImage:
    """A listing saved the way the listing form saves it, with a phone-named photo."""
    seller = SellerFactory()
    product = ProductFactory.build(
        seller=seller, district=seller.district, craft=seller.craft, slug=""
    )
    upload = SimpleUploadedFile(PERSONAL_NAME, jpeg(), content_type="image/jpeg")
    product = services.create_product(
        seller=product.seller,
        product=product,
        status=status,
        images=[services.NewImage(upload, "", "")],
    )
    return product.images.get()


def test_an_upload_is_stored_under_a_random_private_name_not_the_artisans_file_name(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        image = listing_with_photo()
    uploaded = image.original.name
    assert re.fullmatch(rf"private/products/uploads/{HEX32}\.jpg", uploaded), uploaded
    assert default_storage.exists(uploaded)

    process_product_image(image.pk)

    image.refresh_from_db()
    assert image.state == ProductImage.State.READY
    stem = uploaded.rsplit("/", 1)[1].removesuffix(".jpg")
    assert image.original.name == f"private/products/originals/{stem}.jpg"
    assert not default_storage.exists(uploaded)
    names = all_stored_names()
    assert names, "nothing was stored"
    for name in names:
        assert not re.search(r"IMG_|home|gps|2026", name), name


def test_two_uploads_of_the_same_file_name_get_different_random_names(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        first, second = listing_with_photo(), listing_with_photo()
    assert first.original.name != second.original.name


def test_public_renditions_are_in_folders_that_cannot_be_guessed_from_the_image_id(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        published = listing_with_photo()
        draft = listing_with_photo(status=Product.Status.DRAFT)
    folders = set()
    for image in (published, draft):
        image.refresh_from_db()
        assert image.state == ProductImage.State.READY
        folder = image_folder(image.pk)
        assert re.fullmatch(rf"products/images/{HEX32}", folder)
        assert str(image.pk) not in folder.split("/")
        for entry in image.renditions.values():
            for fmt in ("webp", "jpeg"):
                assert entry[fmt].startswith(f"{folder}/")
                assert not entry[fmt].startswith("private/")
        folders.add(folder)
    assert len(folders) == 2
    # Knowing a published photo's URL and the ids does not give the draft's.
    assert f"products/images/{draft.pk}/" not in {f"{f}/" for f in folders}


def test_pages_link_renditions_never_the_original(client, settings):
    image = ReadyProductImageFactory(
        product__status=Product.Status.PUBLISHED,
        product__title="Banarasi katan silk saree",
        original="private/products/originals/" + "a" * 32 + ".jpg",
    )
    for url in (image.product.get_absolute_url(), reverse("catalog:search") + "?q=saree"):
        page = client.get(url).content.decode()
        assert image.renditions["320"]["jpeg"] in page, url
        assert "private/" not in page, url
