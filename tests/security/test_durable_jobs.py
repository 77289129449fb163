"""Background work asked for while the broker is down is recorded, and done once it is back.

Moderation emails and photo processing go through kernel.jobs: a Job row written with the
change, handed to Celery after commit, and re-sent by the dispatch-pending-jobs sweep.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from catalog import services as catalog_services
from catalog.models import Product, ProductImage
from kernel.models import Job
from kernel.tasks import dispatch_pending_jobs
from sellers import moderation
from sellers.models import ModerationDecision, SellerProfile
from tests.factories import SellerFactory, UserFactory

pytestmark = pytest.mark.integration


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.effect_noise((900, 700), 40).convert("RGB").save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("IMG_home.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_photos_and_moderation_emails_wait_out_a_broker_outage_and_go_once_it_is_back(
    transactional_db, broker_on, request
):
    worker_env = request.getfixturevalue("celery_worker_env")
    assert "dispatch-pending-jobs" in django_settings.CELERY_BEAT_SCHEDULE
    applicant = SellerFactory(status=SellerProfile.Status.PENDING)
    artisan = SellerFactory()
    broker_on.stop()

    started = time.monotonic()
    moderation.approve_seller(profile=applicant, by=UserFactory(is_staff=True))
    product = catalog_services.create_product(
        seller=artisan,
        product=Product(title="Banarasi dupatta", price=1450, stock=3, craft=artisan.craft),
        status=Product.Status.PUBLISHED,
        images=[catalog_services.NewImage(_photo())],
    )
    assert time.monotonic() - started < 5, "the request waited on the dead broker"

    decision = ModerationDecision.objects.get(profile=applicant)
    image = ProductImage.objects.get(product=product)
    assert decision.notified_at is None and image.state == ProductImage.State.PENDING
    assert Job.objects.filter(dispatched_at__isnull=True).count() == 2

    broker_on.start()
    worker = request.getfixturevalue("celery_worker")
    dispatch_pending_jobs.delay(older_than_seconds=0)  # what beat runs every two minutes

    def done() -> bool:
        decision.refresh_from_db()
        image.refresh_from_db()
        return decision.notified_at is not None and image.state == ProductImage.State.READY

    worker.wait_until(done, timeout=30)
    assert not Job.objects.filter(dispatched_at__isnull=True).exists()
    mail_dir = Path(worker_env["EMAIL_URL"].removeprefix("filemail:///"))
    sent = "".join(path.read_text() for path in mail_dir.glob("*.log"))
    assert sent.count(applicant.user.email) == 1


def test_a_job_is_recorded_with_the_change_and_dropped_with_its_rollback(db):
    applicant = SellerFactory(status=SellerProfile.Status.PENDING)
    with pytest.raises(RuntimeError), transaction.atomic():
        moderation.approve_seller(profile=applicant, by=UserFactory(is_staff=True))
        assert Job.objects.filter(task="sellers.tasks.send_moderation_email").exists()
        raise RuntimeError("the request failed after the decision")

    assert not Job.objects.exists()
    applicant.refresh_from_db()
    assert applicant.status == SellerProfile.Status.PENDING
