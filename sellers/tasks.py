"""Celery tasks of the sellers app. Tasks take ids, re-read, and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.notify import deliver, link
from kernel.mail import localized_email
from kernel.messaging import DeliveryError
from sellers.models import ModerationDecision


@shared_task(autoretry_for=(OSError, DeliveryError), retry_backoff=True, max_retries=5)
def send_moderation_email(decision_id: int) -> bool:
    """Tell the artisan about a staff decision, in their preferred language. Once only.

    The decision row is locked while sending and stamped ``notified_at`` in the same
    transaction, so a retry or a duplicate delivery finds it stamped and sends nothing.
    Returns whether a notice (email, SMS or WhatsApp) went out.
    """
    with transaction.atomic():
        decision = (
            ModerationDecision.objects.select_for_update(of=("self",))
            .select_related("profile__user")
            .filter(pk=decision_id)
            .first()
        )
        if decision is None or decision.notified_at is not None:
            return False
        _deliver(decision)
        decision.notified_at = timezone.now()
        decision.save(update_fields=["notified_at"])
    return True


def _deliver(decision: ModerationDecision) -> str:
    """Email, or SMS/WhatsApp (artisans' default is SMS), in the artisan's language."""
    profile = decision.profile
    user = profile.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        shop = profile.tr("display_name")
    page = "console:dashboard"
    return deliver(
        recipient=user,
        template=f"seller_{decision.decision}",
        params={"shop": shop, "url": link(lambda: reverse(page), language)},
        email=lambda: _message_for(decision),
        dedupe_key=f"sellers.moderation:{decision.pk}",
        language=language,
        artisan=True,
    )


def _message_for(decision: ModerationDecision) -> EmailMultiAlternatives:
    profile = decision.profile
    user = profile.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        artisan_name = profile.tr("display_name")
    return localized_email(
        to=user.email,
        language=language,
        template=f"sellers/email/{decision.decision}",
        context={
            "decision": decision,
            "profile": profile,
            "user": user,
            "artisan_name": artisan_name,
            "protocol": settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL,
        },
    )
