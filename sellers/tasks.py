"""Celery tasks for artisans: the email telling them what staff decided."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sellers.models import SellerProfile

#: How long the "already sent" marker is kept; far longer than any retry window.
SENT_MARKER_TTL = 60 * 60 * 24 * 30


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_seller_status_email(self, profile_id: int, status: str, reviewed_at: str) -> bool:
    """Tell the artisan about a decision, in their preferred language. Safe to run twice.

    Skips when the status has changed again since (a newer email will follow) and when
    this decision (profile, status, review time) has been emailed already.
    Returns whether an email was sent.
    """
    profile = SellerProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or profile.status != status:
        return False
    if profile.reviewed_at is None or profile.reviewed_at.isoformat() != reviewed_at:
        return False
    marker = f"sellers:status-email:{profile_id}:{status}:{reviewed_at}"
    if not cache.add(marker, 1, SENT_MARKER_TTL):
        return False
    try:
        _send(profile, status)
    except Exception as exc:
        cache.delete(marker)
        raise self.retry(exc=exc) from exc
    return True


def _send(profile: SellerProfile, status: str) -> None:
    language = profile.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        site_url = getattr(settings, "SITE_URL", "").rstrip("/")
        context = {
            "profile": profile,
            "name": profile.tr("display_name"),
            "status": status,
            "site_name": settings.SITE_NAME,
            "dashboard_url": site_url + reverse("sellers:dashboard"),
        }
        subject = render_to_string("sellers/email/status_subject.txt", context).strip()
        body = render_to_string("sellers/email/status_body.txt", context)
    send_mail(subject, body, None, [profile.user.email])
