"""Assisted onboarding at district workshops: an ODOP helper onboards an artisan who is
present, on the artisan's own account, after the artisan consented with a code sent to
their mobile.

- ``request_consent_code`` sends a 6-digit code by SMS (through allauth's adapter hook
  ``send_verification_code_sms``) and keeps only its hash, with an expiry. Requests are
  rate-limited per mobile number and per helper.
- ``verify_consent`` checks the code the artisan reads out (a few wrong tries use it up),
  creates or finds the artisan's account by their mobile number, and records the consent.
- Nothing else is possible for a helper until then: ``active_consent`` is the gate every
  assisted step passes, and ``record_action`` writes the audit row the artisan sees.

The helper never signs in as the artisan: the artisan's account is written to directly by
these services, on the helper's request, and each write leaves an ``AssistedAction``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from sellers.models import AssistedAction, AssistedConsent, Attendee, HelperAssignment, Workshop

#: A code can be typed in for this long after it was sent (the helper's page says so).
CODE_VALID_FOR = timedelta(minutes=10)
#: Wrong codes accepted before a code is used up and a new one must be sent.
MAX_ATTEMPTS = 5
#: At most this many codes to one mobile number in ``MOBILE_WINDOW``.
MOBILE_LIMIT, MOBILE_WINDOW = 3, timedelta(minutes=15)
#: At most this many codes sent by one helper in ``HELPER_WINDOW`` (a workshop is busy,
#: but not this busy).
HELPER_LIMIT, HELPER_WINDOW = 40, timedelta(hours=1)
#: A consent lets the helper act for the artisan for the rest of the workshop day.
CONSENT_VALID_FOR = timedelta(hours=12)

HELPER_PERMISSION = "sellers.assist_onboarding"


def is_helper(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(HELPER_PERMISSION))


def _hash(consent_mobile: str, code: str) -> str:
    return salted_hmac(
        "sellers.assisted-consent", f"{consent_mobile}:{code}", algorithm="sha256"
    ).hexdigest()


def _artisan_for_mobile(mobile: str):
    return get_user_model().objects.filter(phone=mobile).first()


# Workshops --------------------------------------------------------------------------------


@transaction.atomic
def record_workshop(*, by, district, held_on, venue: str, helpers=()) -> Workshop:
    """A workshop in one of ``by``'s districts; ``by`` is one of its helpers."""
    workshop = Workshop.objects.create(
        district=district, held_on=held_on, venue=venue.strip(), created_by=by
    )
    workshop.helpers.add(by, *helpers)
    return workshop


@transaction.atomic
def assign_helper(*, user, district) -> HelperAssignment:
    assignment, _created = HelperAssignment.objects.get_or_create(user=user, district=district)
    return assignment


# Consent ------------------------------------------------------------------------------------


def _check_rate_limits(*, helper, mobile: str) -> None:
    now = timezone.now()
    recent = AssistedConsent.objects.filter(created_at__gte=now - MOBILE_WINDOW)
    if recent.filter(mobile=mobile).count() >= MOBILE_LIMIT:
        raise ValidationError(
            _(
                "Several codes were already sent to this number. Wait 15 minutes, then "
                "ask for a new one: use the latest code that arrived meanwhile."
            ),
            code="mobile_flood",
        )
    sent = AssistedConsent.objects.filter(helper=helper, created_at__gte=now - HELPER_WINDOW)
    if sent.count() >= HELPER_LIMIT:
        raise ValidationError(
            _("You have sent too many codes in the last hour. Try again later."),
            code="helper_flood",
        )


@transaction.atomic
def request_consent_code(*, helper, workshop: Workshop, mobile: str, name: str) -> AssistedConsent:
    """Send a consent code to ``mobile`` (a stored "+91…" number) and keep its hash.

    The person is added to the workshop's attendees if they were not on the list. The SMS
    is recorded in the message outbox in this transaction and leaves after commit.
    """
    _check_rate_limits(helper=helper, mobile=mobile)
    Attendee.objects.get_or_create(
        workshop=workshop, mobile=mobile, defaults={"name": name.strip() or mobile}
    )
    code = f"{secrets.randbelow(10**6):06d}"
    consent = AssistedConsent.objects.create(
        mobile=mobile,
        helper=helper,
        workshop=workshop,
        code_hash=_hash(mobile, code),
        expires_at=timezone.now() + CODE_VALID_FOR,
    )
    _send_code(artisan=_artisan_for_mobile(mobile), mobile=mobile, code=code, helper=helper)
    return consent


def _send_code(*, artisan, mobile: str, code: str, helper) -> None:
    """Through allauth's SMS hook (accounts.adapters), which records the message in this
    transaction and sends it after commit; the consent wording, not the sign-in one."""
    get_adapter().send_verification_code_sms(
        user=artisan,
        phone=mobile,
        code=code,
        template="assisted_consent",
        params={"helper": helper.get_full_name()},
    )


@dataclass
class _Outcome:
    consent: AssistedConsent
    error: ValidationError | None = None


def verify_consent(*, consent: AssistedConsent, helper, code: str) -> AssistedConsent:
    """Check the code the artisan read out; on success the consent is recorded, with the
    artisan's account (created with their mobile number if they had none).

    A wrong try is counted (and kept) even though the call then raises.
    """
    outcome = _check_code(consent_id=consent.pk, helper=helper, code=code.strip())
    if outcome.error is not None:
        raise outcome.error
    return outcome.consent


@transaction.atomic
def _check_code(*, consent_id: int, helper, code: str) -> _Outcome:
    consent = AssistedConsent.objects.select_for_update().get(pk=consent_id, helper=helper)
    if consent.verified_at is not None:
        return _Outcome(consent)
    if timezone.now() >= consent.expires_at:
        return _Outcome(
            consent,
            ValidationError(
                _("This code has expired. Send a new code to the artisan's mobile."),
                code="expired",
            ),
        )
    if consent.attempts >= MAX_ATTEMPTS:
        return _Outcome(
            consent,
            ValidationError(
                _("Too many wrong codes. Send a new code to the artisan's mobile."),
                code="used_up",
            ),
        )
    if not constant_time_compare(consent.code_hash, _hash(consent.mobile, code)):
        consent.attempts += 1
        consent.save(update_fields=["attempts"])
        left = MAX_ATTEMPTS - consent.attempts
        return _Outcome(
            consent,
            ValidationError(
                _("This is not the code that was sent. Tries left: %(left)d.") % {"left": left},
                code="wrong",
            ),
        )
    # The code reached this mobile: the number is the artisan's, and their sign-in.
    artisan = _artisan_for_mobile(consent.mobile)
    if artisan is None:
        artisan = get_user_model().objects.create_user(phone=consent.mobile, phone_verified=True)
    elif not artisan.phone_verified:
        artisan.phone_verified = True
        artisan.save(update_fields=["phone_verified"])
    consent.artisan = artisan
    consent.verified_at = timezone.now()
    consent.save(update_fields=["artisan", "verified_at"])
    Attendee.objects.filter(workshop=consent.workshop, mobile=consent.mobile).update(user=artisan)
    record_action(consent=consent, action=AssistedAction.Action.CONSENT)
    return _Outcome(consent)


def active_consent(*, helper, artisan_id: int) -> AssistedConsent | None:
    """The helper's latest verified consent from this artisan, if it is still valid."""
    return (
        AssistedConsent.objects.filter(
            helper=helper,
            artisan_id=artisan_id,
            verified_at__gte=timezone.now() - CONSENT_VALID_FOR,
        )
        .select_related("workshop__district", "artisan")
        .order_by("-verified_at")
        .first()
    )


def consented_artisan_ids(*, helper, workshop_id: int) -> set[int]:
    """Artisans of this workshop whose consent to ``helper`` is still valid (one query)."""
    return set(
        AssistedConsent.objects.filter(
            helper=helper,
            workshop_id=workshop_id,
            verified_at__gte=timezone.now() - CONSENT_VALID_FOR,
        ).values_list("artisan_id", flat=True)
    )


def record_action(*, consent: AssistedConsent, action: str, detail: str = "") -> AssistedAction:
    """The audit row of one thing the helper did for the artisan, under this consent."""
    return AssistedAction.objects.create(
        artisan_id=consent.artisan_id,
        helper_id=consent.helper_id,
        workshop_id=consent.workshop_id,
        action=action,
        detail=detail[:200],
    )
