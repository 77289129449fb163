"""How a notice reaches its recipient: email, SMS or WhatsApp, as the recipient chose
(accounts.notify picks the channel; ``Notice.channel`` records the kind of notice's
default).

A sender takes a ``Notice`` (recipient, language, product loaded) and delivers it, raising
on failure so that the task retries.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import notify
from engagement.models import Notice
from kernel.mail import localized_email


def _product_url(notice: Notice) -> str:
    from django.utils import translation

    with translation.override(notice.language or "en"):
        path = notice.product.get_absolute_url()
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def _email(notice: Notice):
    product = notice.product
    return localized_email(
        to=notice.recipient.email,
        language=notice.language,
        template=f"engagement/email/{notice.kind}",
        subject=lambda: _("Back in stock: %(product)s") % {"product": product.display_title},
        context={"notice": notice, "product": product, "product_url": _product_url(notice)},
    )


def send_email(notice: Notice) -> None:
    """By email, or by SMS/WhatsApp if that is how the recipient wants updates."""
    language = notice.language or "en"
    with translation.override(language):
        title = notice.product.display_title
    notify.deliver(
        recipient=notice.recipient,
        template=notice.kind,
        params={"product": title, "url": notify.link(notice.product.get_absolute_url, language)},
        email=lambda: _email(notice),
        dedupe_key=f"engagement.notice:{notice.pk}",
        language=language,
        artisan=False,
    )


SENDERS: dict[str, Callable[[Notice], None]] = {Notice.Channel.EMAIL: send_email}


def deliver(notice: Notice) -> None:
    SENDERS[notice.channel](notice)
