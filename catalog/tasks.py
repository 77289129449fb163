"""Background work for the catalogue: processing product photos after upload."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.utils import timezone

from catalog.images import process_product_image
from catalog.models import ProductImage
from kernel.jobs import enqueue_after_commit

logger = logging.getLogger(__name__)


class ImageTask(Task):
    """Marks the image FAILED once retries are exhausted, so it never stays pending."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        image_id = args[0] if args else kwargs.get("image_id")
        logger.error("Processing image %s failed for good: %s", image_id, exc)
        ProductImage.objects.filter(pk=image_id).exclude(state=ProductImage.State.READY).update(
            state=ProductImage.State.FAILED,
            error=f"Processing failed: {exc}"[:300],
            processed_at=timezone.now(),
        )


@shared_task(
    bind=True,
    base=ImageTask,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def process_product_image_task(self: Task, image_id: int) -> None:
    """Clean one product photo and make its renditions; safe to run more than once."""
    process_product_image(image_id)


def enqueue_image_processing(image_ids: list[int]) -> None:
    """Queue each image for processing once the surrounding transaction commits."""
    for image_id in image_ids:
        enqueue_after_commit(process_product_image_task, image_id)
