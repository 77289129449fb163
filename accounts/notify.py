"""One way every notice reaches a person: email, SMS or WhatsApp, as they chose.

Each notice keeps its own outbox row (orders.Notification, engagement.Notice, the
moderation decision's ``notified_at``) and its task claims that row; inside the claim it
calls ``deliver``, which picks the recipient's channel (``User.updates_channel``: their
choice, SMS by default for artisans) and sends the email, or records and sends the SMS or
WhatsApp message through the kernel's message outbox keyed by the notice, so a retried
task sends nothing twice. Addresses missing from an account are never used: a user
without an email gets SMS.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation

from accounts.models import User
from kernel.messaging.delivery import send_in_claim
from kernel.site_origin import absolute_url


def link(path_in_language: Callable[[], str], language: str) -> str:
    """An absolute link to a page, in the recipient's language (its /hi/ URL for Hindi)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(path_in_language())


def deliver(
    *,
    recipient: User,
    template: str,
    params: dict[str, str],
    email: Callable[[], EmailMessage],
    dedupe_key: str,
    language: str | None = None,
    artisan: bool | None = None,
) -> str:
    """Send one notice by the recipient's channel; returns the channel used.

    Call it inside the transaction that claims the notice's own outbox row: an SMS or
    WhatsApp message is recorded and sent there, keyed by ``dedupe_key``; a failure
    raises, rolling the claim back so that its task retries.
    """
    channel = recipient.updates_channel(artisan=artisan)
    language = language or recipient.preferred_language or settings.LANGUAGE_CODE
    if channel == User.Channel.EMAIL:
        email().send()
        return channel
    send_in_claim(
        channel=channel,
        to=recipient.phone,
        template=template,
        params=params,
        language=language,
        dedupe_key=dedupe_key,
    )
    return channel
