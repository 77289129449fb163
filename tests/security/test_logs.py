"""No personal data in the logs: the filter on every handler, and a real failure logged."""

import io
import logging
import smtplib

import pytest
from celery.exceptions import Retry
from django.core.mail.backends.base import BaseEmailBackend

from odop_market.log_filters import PersonalDataFilter, scrub
from orders.models import Notification
from orders.tasks import send_notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login failed for asha.devi+shop@example.co.in", "login failed for [email]"),
        ("call +91 98765 43210 or 9876543210", "call [mobile] or [mobile]"),
        ("mobile +919876543210 saved", "mobile [mobile] saved"),
        ("PAN ABCPE1234F", "PAN [pan]"),
        ("GSTIN 09ABCPE1234F1Z5", "GSTIN [gstin]"),
        ("udyam UDYAM-UP-50-0012345", "udyam [udyam]"),
        ("account 123456789012 at SBIN0001234", "account [number] at SBIN0001234"),
    ],
)
def test_personal_data_is_replaced_by_a_placeholder(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Order OD-261126-5JW5Q6 placed for 1250.50",
        "Processing image 42 failed for good",
        "GET /products/brass-diya-set/ 200 in 35 ms",
        "PIN 221001, IFSC SBIN0001234",
    ],
)
def test_ordinary_log_lines_are_left_alone(text):
    assert scrub(text) == text


def configured_handlers() -> list[logging.Handler]:
    return [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, PersonalDataFilter) for f in handler.filters)
    ]


def test_the_console_handler_from_settings_carries_the_filter():
    assert configured_handlers(), "LOGGING must put PersonalDataFilter on the root handler"


@pytest.fixture
def log_output():
    """What the configured root handler writes, captured for the test."""
    handler = configured_handlers()[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_arguments_and_tracebacks_are_scrubbed_too(log_output):
    logger = logging.getLogger("odop.test")
    try:
        raise ValueError("duplicate key (email)=(asha@example.com)")
    except ValueError:
        logger.exception("Could not save %s with PAN %s", "asha@example.com", "ABCPE1234F")

    written = log_output.getvalue()
    assert "asha@example.com" not in written
    assert "ABCPE1234F" not in written
    assert "Could not save [email] with PAN [pan]" in written
    assert "ValueError: duplicate key (email)=([email])" in written


class RecipientRefusedBackend(BaseEmailBackend):
    """An SMTP server that refuses the recipient, quoting the address as servers do."""

    def send_messages(self, email_messages):
        recipients = [r for m in email_messages for r in m.recipients()]
        raise smtplib.SMTPRecipientsRefused(
            {r: (550, f"5.1.1 <{r}>: Recipient address rejected".encode()) for r in recipients}
        )


def test_a_refused_order_email_is_logged_without_the_buyers_address(world, settings, log_output):
    settings.EMAIL_BACKEND = f"{__name__}.RecipientRefusedBackend"
    notification = Notification.objects.filter(recipient=world.users["shopper"]).first()

    with pytest.raises(Retry):  # the task asks to be retried later; eager mode raises it
        send_notification.apply(args=[notification.pk], throw=False)

    written = log_output.getvalue()
    assert f"Notification {notification.pk} failed" in written
    assert "SMTPRecipientsRefused" in written
    assert "shopper@example.com" not in written
    assert "[email]" in written


def test_djangos_own_loggers_go_through_the_filter_too(log_output):
    django_logger = logging.getLogger("django")
    assert django_logger.handlers == [] and django_logger.propagate

    logging.getLogger("django.request").warning("Not Found: %s", "/orders/asha@example.com/")

    assert "Not Found: /orders/[email]/" in log_output.getvalue()


def test_celery_workers_keep_the_projects_logging_and_its_filter():
    from odop_market.celery import app

    assert app.conf.worker_hijack_root_logger is False
