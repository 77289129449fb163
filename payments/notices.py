"""The artisan's payout notice: one per payout status, in their language, by the channel
they chose (email, SMS or WhatsApp; artisans default to SMS)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.notify import deliver
from kernel.mail import localized_email
from kernel.money import format_money
from payments.models import Payout

NOTIFIED = (Payout.Status.SENT, Payout.Status.PAID, Payout.Status.FAILED)


def _subject(payout: Payout) -> str:
    subjects = {
        Payout.Status.SENT: _("Your payout of %(amount)s is on its way"),
        Payout.Status.PAID: _("Your payout of %(amount)s is paid"),
        Payout.Status.FAILED: _("Your payout of %(amount)s could not be paid"),
    }
    return subjects[payout.status] % {"amount": format_money(payout.amount)}


def send_payout_notice(*, payout_id: int) -> str:
    with transaction.atomic():
        payout = (
            Payout.objects.select_for_update(of=("self",))
            .select_related("seller__user")
            .filter(pk=payout_id)
            .first()
        )
        if payout is None or payout.status not in NOTIFIED:
            return "skipped"
        if payout.notified_status == payout.status:
            return "skipped"
        user = payout.seller.user
        language = user.preferred_language or "en"
        with translation.override(language):
            earnings_url = settings.SITE_ORIGIN + reverse("console:earnings")
            amount = format_money(payout.amount)
        deliver(
            recipient=user,
            template=f"payout_{payout.status}",
            params={"amount": amount, "reference": payout.reference, "url": earnings_url},
            email=lambda: localized_email(
                to=user.email,
                language=language,
                template="payments/email/payout",
                subject=lambda: _subject(payout),
                context={"payout": payout, "seller": payout.seller, "earnings_url": earnings_url},
            ),
            dedupe_key=f"payments.payout:{payout.pk}:{payout.status}",
            language=language,
            artisan=True,
        )
        Payout.objects.filter(pk=payout.pk).update(notified_status=payout.status)
    return "sent"
