"""Order emails: outbox rows, languages, plain text + HTML, and exactly-once sending."""

import email
import email.policy
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings

from orders.models import Notification
from orders.services import transition_suborder
from orders.tasks import send_notification, send_pending_notifications
from tests.factories import ProductFactory, UserFactory
from tests.orders.conftest import order_for


@pytest.mark.django_db
def test_placing_an_order_emails_the_buyer_and_each_artisan_in_their_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    buyer = UserFactory(email="meera@example.com", preferred_language="hi")
    saree = ProductFactory(title="Banarasi silk saree", title_hi="बनारसी रेशमी साड़ी")
    diya = ProductFactory(title="Brass diya")
    with django_capture_on_commit_callbacks(execute=True):
        order = order_for(buyer, (saree, 1), (diya, 2))

    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {buyer.email, saree.seller.user.email, diya.seller.user.email}
    to_buyer = by_recipient[buyer.email]
    assert order.number in to_buyer.subject
    assert "बनारसी रेशमी साड़ी" in to_buyer.body  # Hindi title for a Hindi reader
    html, mimetype = to_buyer.alternatives[0]
    assert mimetype == "text/html" and order.number in html
    to_artisan = by_recipient[saree.seller.user.email]
    assert to_artisan.subject == f"New order {order.number} to prepare"
    assert "Banarasi silk saree" in to_artisan.body and "221001" in to_artisan.body
    assert Notification.objects.filter(status="sent").count() == 3


@pytest.mark.django_db
def test_a_task_run_twice_sends_once(mailoutbox, django_capture_on_commit_callbacks, buyer):
    with django_capture_on_commit_callbacks(execute=False):
        order = order_for(buyer, (ProductFactory(), 1))
    confirmation = Notification.objects.get(order=order, kind="order_confirmation")

    assert send_notification.delay(confirmation.pk).get() == "sent"
    assert send_notification.delay(confirmation.pk).get() == "skipped"
    assert [m.to[0] for m in mailoutbox] == [buyer.email]


@pytest.mark.django_db
def test_rows_left_pending_when_the_broker_was_down_are_sent_by_the_sweep(
    mailoutbox, django_capture_on_commit_callbacks, buyer
):
    with django_capture_on_commit_callbacks(execute=False):  # on_commit never ran
        order_for(buyer, (ProductFactory(), 1))
    assert Notification.objects.filter(status="pending").count() == 2

    assert send_pending_notifications.delay(older_than_seconds=0).get() == 2
    assert send_pending_notifications.delay(older_than_seconds=0).get() == 0
    assert len(mailoutbox) == 2


def _emails(folder: Path) -> list[email.message.EmailMessage]:
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def _queue_drained(broker_url: str) -> bool:
    client = redis.Redis.from_url(broker_url)
    try:
        return client.llen("celery") == 0 and client.hlen("unacked") == 0
    finally:
        client.close()


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def celery_worker_env(mail_dir):
    """The worker writes emails as files into mail_dir."""
    # django-environ drops one leading slash: four make an absolute path.
    return {"EMAIL_URL": f"filemail:///{mail_dir}"}


@pytest.mark.integration
def test_the_full_notification_flow_through_a_real_celery_worker(celery_worker, mail_dir):
    buyer = UserFactory(email="meera@example.com", preferred_language="hi")
    saree = ProductFactory(title="Banarasi silk saree", title_hi="बनारसी रेशमी साड़ी")
    diya = ProductFactory(title="Brass diya")

    order = order_for(buyer, (saree, 1), (diya, 1))  # commits; on_commit publishes to Redis
    celery_worker.wait_until(
        lambda: Notification.objects.filter(order=order, status="sent").count() == 3
    )
    messages = _emails(mail_dir)
    assert sorted(m["To"] for m in messages) == sorted(
        [buyer.email, saree.seller.user.email, diya.seller.user.email]
    )
    to_buyer = next(m for m in messages if m["To"] == buyer.email)
    assert order.number in to_buyer["Subject"] and "आपका" in to_buyer["Subject"]
    kinds = {part.get_content_type() for part in to_buyer.walk()}
    assert {"text/plain", "text/html"} <= kinds

    sub = order.suborders.get(seller=saree.seller)
    transition_suborder(suborder=sub, to_status="accepted", by=saree.seller.user)
    transition_suborder(
        suborder=sub,
        to_status="shipped",
        by=saree.seller.user,
        courier="India Post",
        tracking_number="EE123456789IN",
    )
    shipped = Notification.objects.get(suborder=sub, kind="shipped")
    send_notification.delay(shipped.pk)  # a retry, or the same message delivered twice
    send_notification.delay(shipped.pk)
    celery_worker.wait_until(lambda: Notification.objects.get(pk=shipped.pk).status == "sent")
    celery_worker.wait_until(lambda: _queue_drained(django_settings.REDIS_URL))

    cancelled_sub = order.suborders.get(seller=diya.seller)
    transition_suborder(
        suborder=cancelled_sub, to_status="cancelled", by=diya.seller.user, note="Out of brass"
    )
    celery_worker.wait_until(
        lambda: Notification.objects.filter(order=order, status="sent").count() == 5
    )
    celery_worker.wait_until(lambda: _queue_drained(django_settings.REDIS_URL))

    to_buyer_later = [m for m in _emails(mail_dir) if m["To"] == buyer.email]
    assert len(to_buyer_later) == 3  # confirmation, one shipped notice, one cancellation
    shipped_mail = [
        m for m in to_buyer_later if "EE123456789IN" in m.get_body(("plain",)).get_content()
    ]
    assert len(shipped_mail) == 1
    assert Notification.objects.get(pk=shipped.pk).attempts == 1


@pytest.mark.django_db
def test_the_command_sends_what_is_pending_once(
    mailoutbox, django_capture_on_commit_callbacks, buyer
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=False):
        order_for(buyer, (ProductFactory(), 1))
    call_command("send_pending_notifications")
    call_command("send_pending_notifications")
    assert len(mailoutbox) == 2
