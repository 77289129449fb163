"""Media on a real S3 API (issue 20): moto's S3 server on loopback, reached through
django-storages and boto3 exactly as production reaches its bucket.

Photos go up through the listing service, a real Celery worker (with the bucket in its
environment, as production sets it) cleans them and writes the renditions; shoppers' browsers
fetch renditions by plain URL, while originals, raw uploads and staff documents are refused
to anonymous readers and open only through signed URLs. Deleted photos leave nothing behind.
"""

import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import Product, ProductImage
from catalog.services import ImageChanges, NewImage, create_product, update_product
from sellers.models import GIAuthorisedUser, SellerProfile
from tests.factories import CraftFactory, GITagFactory, SellerFactory

ROOT = Path(__file__).resolve().parent.parent


def photo_with_gps(width: int = 1400, height: int = 1000) -> bytes:
    """A phone photo whose EXIF carries a GPS position (tag 0x8825)."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (26.0, 51.0, 0.0)}
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 40).convert("RGB").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def fetch(url: str) -> tuple[int, bytes]:
    """GET as a browser would: no credentials."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def upload(seller: SellerProfile, count: int = 1) -> Product:
    files = [
        NewImage(file=SimpleUploadedFile(f"IMG_2026_home_{n}.jpg", photo_with_gps()))
        for n in range(count)
    ]
    return create_product(
        seller=seller,
        product=Product(
            title="Banarasi silk saree", price="6500.00", stock=3, craft=CraftFactory()
        ),
        status=Product.Status.PUBLISHED,
        images=files,
    )


@pytest.fixture
def celery_worker_env(s3_media):
    """The worker finds the bucket the way production does: from AWS_* variables."""
    return s3_media.env()


@pytest.mark.integration
def test_a_photo_goes_up_to_the_bucket_and_the_worker_publishes_its_renditions(
    s3_media, celery_worker
):
    seller = SellerFactory(status=SellerProfile.Status.APPROVED)
    product = upload(seller)
    image = product.images.get()
    raw_upload = image.original.name
    assert raw_upload.startswith("private/products/uploads/")
    assert raw_upload in s3_media.object_names()
    # The raw upload still carries GPS: anonymous readers are refused.
    assert fetch(f"{s3_media.server.endpoint_url}/{s3_media.bucket}/{raw_upload}")[0] == 403

    celery_worker.wait_until(lambda: ProductImage.objects.get(pk=image.pk).is_ready)

    image.refresh_from_db()
    assert image.original.name.startswith("private/products/originals/")
    assert raw_upload not in s3_media.object_names()  # the upload with its GPS is gone
    for width, entry in image.ready_renditions():
        for image_format in ("jpeg", "webp"):
            url = image.rendition_url(entry, image_format)
            assert "Signature" not in url and url.startswith(s3_media.server.endpoint_url)
            status, body = fetch(url)
            assert status == 200
            with Image.open(io.BytesIO(body)) as rendition:
                assert rendition.width == width
                assert not rendition.getexif()
    assert set(s3_media.object_names()) == image.stored_names()


@pytest.mark.django_db
def test_originals_open_only_through_a_short_signed_url(
    s3_media, django_capture_on_commit_callbacks
):
    seller = SellerFactory(status=SellerProfile.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        image = upload(seller).images.get()  # processed inline (eager Celery) after commit
    image.refresh_from_db()
    assert image.is_ready
    original = image.original.name
    plain = f"{s3_media.server.endpoint_url}/{s3_media.bucket}/{original}"
    assert fetch(plain)[0] == 403

    signed = default_storage.url(original)
    query = urlsplit(signed).query
    assert "Signature=" in query and "Expires=" in query
    status, body = fetch(signed)
    assert status == 200
    with Image.open(io.BytesIO(body)) as clean:
        assert clean.size == (1400, 1000)
        assert not clean.getexif()  # the original kept in the bucket is the cleaned one
    grants = s3_media.server.client().get_object_acl(Bucket=s3_media.bucket, Key=original)
    assert all("URI" not in grant["Grantee"] for grant in grants["Grants"])  # no AllUsers


@pytest.mark.django_db
def test_removing_photos_deletes_their_objects_from_the_bucket(
    s3_media, django_capture_on_commit_callbacks
):
    seller = SellerFactory(status=SellerProfile.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        product = upload(seller, count=2)
    first, second = product.images.order_by("position")
    first.refresh_from_db()
    kept, removed = second.stored_names(), first.stored_names()
    assert len(removed) == 7  # the original and 3 widths × 2 formats

    with django_capture_on_commit_callbacks(execute=True):
        update_product(
            product=product, status=product.status, images=ImageChanges(removed=[first.pk])
        )

    keys = s3_media.object_names()
    assert not keys & removed
    second.refresh_from_db()
    assert keys == second.stored_names() | kept - removed


@pytest.mark.django_db
def test_staff_documents_are_private_objects_behind_signed_urls(s3_media):
    seller = SellerFactory()
    claim = GIAuthorisedUser.objects.create(
        seller=seller,
        gi_tag=GITagFactory(),
        authorised_user_number="AU-42",
        document=ContentFile(b"%PDF-1.4 certificate", name="weaver certificate.pdf"),
    )
    key = f"private/{claim.document.name}"
    assert key in s3_media.object_names()
    assert fetch(f"{s3_media.server.endpoint_url}/{s3_media.bucket}/{key}")[0] == 403
    signed = claim.document.url
    assert "Signature=" in signed
    assert fetch(signed) == (200, b"%PDF-1.4 certificate")
    with claim.document.open("rb") as fh:  # the admin's download view streams it this way
        assert fh.read() == b"%PDF-1.4 certificate"

    claim.document.delete(save=False)
    assert key not in s3_media.object_names()


# --- Content security policy: the bucket's origin, whatever the addressing style -------

_SETTINGS_PROBE = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "odop_market.settings"
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "rendition": default_storage.url("products/images/abc/640.jpg"),
    "original": default_storage.url("private/products/originals/abc.jpg"),
}))
"""

STYLES = {
    # AWS, virtual-hosted (bucket in the host name, region endpoint).
    "virtual": (
        {"AWS_S3_REGION_NAME": "ap-south-1", "AWS_S3_ADDRESSING_STYLE": "virtual"},
        "https://odop-media.s3.ap-south-1.amazonaws.com",
    ),
    # An S3-compatible server (minio, moto) by path: bucket in the path.
    "path": (
        {"AWS_S3_ENDPOINT_URL": "https://s3.example.net:9000", "AWS_S3_ADDRESSING_STYLE": "path"},
        "https://s3.example.net:9000",
    ),
    # The same server, botocore choosing the style (path, for a custom endpoint).
    "auto": ({"AWS_S3_ENDPOINT_URL": "https://s3.example.net"}, "https://s3.example.net"),
    # AWS, botocore choosing the style (virtual-hosted, for a DNS-safe bucket name).
    "aws auto": ({"AWS_S3_REGION_NAME": "ap-south-1"}, "https://odop-media.s3.amazonaws.com"),
    # A CDN in front of the bucket.
    "custom domain": (
        {"AWS_S3_REGION_NAME": "ap-south-1", "AWS_S3_CUSTOM_DOMAIN": "media.odop.example"},
        "https://media.odop.example",
    ),
}


@pytest.mark.parametrize("style", STYLES)
def test_the_csp_allows_the_buckets_origin_for_each_addressing_style(style):
    variables, origin = STYLES[style]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "AWS_"))}
    env.update(
        SECRET_KEY="s3-csp-" + "k" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="odop.example",
        AWS_STORAGE_BUCKET_NAME="odop-media",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", _SETTINGS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    rendition = urlsplit(seen["rendition"])
    assert f"{rendition.scheme}://{rendition.netloc}" == origin
    assert origin in seen["img_src"]
    assert "Signature" not in seen["rendition"] and "Signature" in seen["original"]
    # Signed originals come from the bucket's endpoint, never the public CDN.
    assert "media.odop.example" not in seen["original"]
    assert seen["img_src"] == ["'self'", "data:", origin]
