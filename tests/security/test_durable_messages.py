"""SMS and WhatsApp notices asked for while the broker is down go out once it is back:
exactly one message per notice, in the recipient's language, sent by a real worker.

The worker uses the file backend (one JSON file per message), the way the email tests
use file email, so the test reads what the worker process sent.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import translation

from accounts.adapters import AccountAdapter
from kernel.models import Message
from kernel.tasks import send_pending_messages
from orders.models import Notification
from orders.tasks import send_notification, send_pending_notifications
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.orders.conftest import order_for

pytestmark = pytest.mark.integration


@pytest.fixture
def message_dir(tmp_path) -> Path:
    return tmp_path / "messages"


@pytest.fixture
def celery_worker_env(tmp_path, message_dir):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    backend = "kernel.messaging.backends.filebased.FileBackend"
    return {
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "SMS_BACKEND": backend,
        "WHATSAPP_BACKEND": backend,
        "MESSAGING_FILE_PATH": str(message_dir),
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }


def _queue_drained(broker_url: str) -> bool:
    client = redis.Redis.from_url(broker_url)
    try:
        return client.llen("celery") == 0 and client.hlen("unacked") == 0
    finally:
        client.close()


def sent_messages(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def test_sms_and_whatsapp_notices_wait_out_a_broker_outage_and_go_once(
    transactional_db, broker_on, request, message_dir
):
    assert "send-pending-messages" in django_settings.CELERY_BEAT_SCHEDULE
    buyer = UserFactory(email=None, phone="+919876543210", preferred_language="hi")
    artisan = SellerFactory(user__phone="+919812345678", user__notification_channel="whatsapp").user
    product = ProductFactory(seller=artisan.seller_profile)
    broker_on.stop()

    started = time.monotonic()
    order = order_for(buyer, (product, 1))
    with transaction.atomic(), translation.override("hi"):  # asked for on a /hi/ page
        AccountAdapter().send_verification_code_sms(user=buyer, phone=buyer.phone, code="482913")
    assert time.monotonic() - started < 5, "the request waited on the dead broker"
    assert Notification.objects.filter(order=order, status="pending").count() == 2
    assert Message.objects.get().status == "pending"  # the code, waiting for its sweep

    broker_on.start()
    worker = request.getfixturevalue("celery_worker")
    send_pending_notifications.delay(older_than_seconds=0)  # what beat runs
    send_pending_messages.delay(older_than_seconds=0)

    def done() -> bool:
        return (
            not Notification.objects.filter(order=order, status="pending").exists()
            and not Message.objects.filter(status="pending").exists()
            and len(sent_messages(message_dir)) >= 3
        )

    worker.wait_until(done, timeout=30)
    # The sweeps again, and a duplicate of each task: nothing more goes out.
    send_pending_notifications.delay(older_than_seconds=0)
    send_pending_messages.delay(older_than_seconds=0)
    for notification in Notification.objects.filter(order=order):
        send_notification.delay(notification.pk)
    worker.wait_until(lambda: _queue_drained(broker_on.url), timeout=20)

    messages = sent_messages(message_dir)
    summary = sorted((m["channel"], m["to"], m["template"], m["language"]) for m in messages)
    assert summary == [
        ("sms", "+919876543210", "login_code", "hi"),
        ("sms", "+919876543210", "order_confirmation", "hi"),
        ("whatsapp", "+919812345678", "new_order", "en"),
    ]
    code = next(m for m in messages if m["template"] == "login_code")
    assert code["text"].startswith("ODOP मार्केट का आपका कोड 482913 है।")
    assert Message.objects.filter(status="sent").count() == 3
