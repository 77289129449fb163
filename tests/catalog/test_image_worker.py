"""The image pipeline running in a real Celery worker process, with Redis as broker."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from catalog.models import ProductImage
from catalog.tasks import enqueue_image_processing
from odop_market.celery import app as celery_app
from tests.factories import ProductFactory

pytestmark = pytest.mark.integration


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 50).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def state_of(image_id):
    return ProductImage.objects.get(pk=image_id).state


def test_a_committed_upload_is_processed_by_the_worker_until_ready(celery_worker):
    with transaction.atomic():
        product = ProductFactory()
        image = ProductImage.objects.create(
            product=product, original=SimpleUploadedFile("loom.jpg", jpeg(1400, 1000))
        )
        enqueue_image_processing([image.pk])
        # Nothing is sent before the commit, so the worker cannot race the transaction.
        assert state_of(image.pk) == ProductImage.State.PENDING

    celery_worker.wait_until(lambda: state_of(image.pk) == ProductImage.State.READY)

    image.refresh_from_db()
    assert (image.width, image.height) == (1400, 1000)
    assert default_storage.exists(image.original.name)
    for width in ("320", "640", "1280"):
        for image_format in ("webp", "jpeg"):
            assert default_storage.exists(image.renditions[width][image_format])
    assert celery_worker.is_alive()


def test_a_broken_upload_is_marked_failed_by_the_worker_not_retried_forever(celery_worker):
    with transaction.atomic():
        image = ProductImage.objects.create(
            product=ProductFactory(), original=SimpleUploadedFile("x.jpg", b"not a photo")
        )
        enqueue_image_processing([image.pk])

    celery_worker.wait_until(lambda: state_of(image.pk) == ProductImage.State.FAILED)

    assert "decode" in ProductImage.objects.get(pk=image.pk).error


def test_after_a_worker_test_the_app_runs_tasks_inline_again(settings):
    """Runs after the worker tests above: the fixture put the app's configuration back."""
    assert celery_app.conf.task_always_eager is True
    assert celery_app.conf.broker_url == settings.CELERY_BROKER_URL
