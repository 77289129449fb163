"""How a notice reaches its recipient. Email today; SMS or WhatsApp add one sender here.

A sender takes a ``Notice`` (recipient, language, product loaded) and delivers it, raising
on failure so that the task retries.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from engagement.models import Notice
from kernel.mail import localized_email


def _product_url(notice: Notice) -> str:
    from django.utils import translation

    with translation.override(notice.language or "en"):
        path = notice.product.get_absolute_url()
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def send_email(notice: Notice) -> None:
    product = notice.product
    localized_email(
        to=notice.recipient.email,
        language=notice.language,
        template=f"engagement/email/{notice.kind}",
        subject=lambda: _("Back in stock: %(product)s") % {"product": product.display_title},
        context={"notice": notice, "product": product, "product_url": _product_url(notice)},
    ).send()


SENDERS: dict[str, Callable[[Notice], None]] = {Notice.Channel.EMAIL: send_email}


def deliver(notice: Notice) -> None:
    SENDERS[notice.channel](notice)
