"""Review photos go through the image pipeline: checked on upload, cleaned of metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from engagement.models import Review, ReviewPhoto

pytestmark = pytest.mark.django_db


def gps_jpeg(name="saree.jpg") -> SimpleUploadedFile:
    """A phone photo with a GPS position in its EXIF."""
    image = Image.new("RGB", (900, 700), (150, 30, 60))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (25.0, 19.0, 3.0), 3: "E", 4: (82.0, 58.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_review_photo_is_cleaned_and_shown(
    client, buyer, line, product, django_capture_on_commit_callbacks
):
    client.force_login(buyer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("engagement:review_create", args=[line.pk]),
            {"rating": "5", "text": "See the zari", "photos": [gps_jpeg()]},
        )
    assert response.status_code == 302
    photo = ReviewPhoto.objects.get()
    assert photo.state == ReviewPhoto.State.READY
    assert not photo.original
    review = Review.objects.get()
    assert review.has_photos and len(review.photos) == 1
    storage = ReviewPhoto._meta.get_field("original").storage
    with storage.open(review.photos[0]["large"]) as handle, Image.open(handle) as clean:
        assert not clean.getexif()
        assert clean.width == 900
    body = client.get(product.get_absolute_url()).content.decode()
    assert storage.url(review.photos[0]["thumb"]) in body


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(client, buyer, line):
    client.force_login(buyer)
    fake = SimpleUploadedFile("x.jpg", b"not a photo" * 100, content_type="image/jpeg")
    response = client.post(
        reverse("engagement:review_create", args=[line.pk]),
        {"rating": "5", "text": "x", "photos": [fake]},
    )
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_more_than_three_photos_are_refused(client, buyer, line):
    client.force_login(buyer)
    response = client.post(
        reverse("engagement:review_create", args=[line.pk]),
        {"rating": "5", "photos": [gps_jpeg(f"{n}.jpg") for n in range(4)]},
    )
    assert response.status_code == 200
    assert not Review.objects.exists()
