"""allauth hooks: the language a person signed up in, and sign-in by Indian mobile number.

allauth's phone support keeps no phone table of its own: these hooks store the number on
``User.phone`` (E.164, "+919876543210", unique when set) and ``User.phone_verified``, and
send codes by SMS through the kernel's message outbox (after commit, exactly once).
"""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language

from accounts.models import User
from accounts.phone import IndianMobileField
from accounts.validators import normalize_indian_mobile
from kernel.messaging import SMS
from kernel.messaging.delivery import queue_message


def _language_for(user: User | None) -> str:
    """Codes go in the language of the page that asked for them, else the user's."""
    language = (get_language() or "")[:2]
    if language in dict(settings.LANGUAGES):
        return language
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """New accounts get emails in the language they signed up in."""
        user = super().save_user(request, user, form, commit=False)
        if get_language() == "hi":
            user.preferred_language = "hi"
        if commit:
            user.save()
        return user

    def get_login_stages(self) -> list[str]:
        """Mandatory email verification applies to accounts that have an email; an account
        made with a mobile number is verified by its SMS code instead."""
        return [
            "accounts.stages.EmailVerificationStage"
            if stage == "allauth.account.stages.EmailVerificationStage"
            else stage
            for stage in super().get_login_stages()
        ]

    # --- Phone -------------------------------------------------------------------------

    def phone_form_field(self, **kwargs: Any) -> IndianMobileField:
        """Numbers as Indians write them ("98765 43210", "098765-43210", "+91 …")."""
        # allauth passes its own label ("Phone"); ours says what to type.
        kwargs["label"] = translation.gettext_lazy("Mobile number")
        field = IndianMobileField(**kwargs)
        field.widget.attrs.setdefault("placeholder", "98765 43210")
        return field

    def clean_phone(self, phone: str) -> str:
        return normalize_indian_mobile(phone)

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        user.phone = normalize_indian_mobile(phone)
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def set_phone_verified(self, user: User, phone: str) -> None:
        """Also the end of allauth's change-number flow: the new number becomes the
        account's only once its code is typed (the unique index guards a race)."""
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str) -> User | None:
        return User.objects.filter(phone=normalize_indian_mobile(phone), is_active=True).first()

    def send_verification_code_sms(self, user: User, phone: str, code: str, **kwargs) -> None:
        """The code goes by SMS from the message outbox, after this request's writes commit.

        Each code is its own message, so asking again sends the new code, and a retried
        task never sends one twice. Our own callers may name another message ``template``
        (with its extra ``params``): an artisan's consent code, read out to an ODOP helper,
        must not say "do not share it". ``user`` may be None for a number with no account.
        """
        from allauth.account import app_settings

        minutes = max(
            1,
            min(app_settings.LOGIN_BY_CODE_TIMEOUT, app_settings.PHONE_VERIFICATION_TIMEOUT) // 60,
        )
        phone = normalize_indian_mobile(phone)
        params = {"code": code, "minutes": str(minutes), **kwargs.get("params", {})}
        with transaction.atomic():
            queue_message(
                channel=SMS,
                to=phone,
                template=kwargs.get("template", "login_code"),
                params=params,
                language=_language_for(user),
                dedupe_key=f"code:{getattr(user, 'pk', None)}:{uuid.uuid4().hex}",
            )

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        """Asking for a code for a number we do not know sends nothing (SMS costs money, and
        allauth already shows the same page either way)."""

    def send_account_already_exists_sms(self, phone: str) -> None:
        """Signing up again with a known number sends nothing; the sign-in page works."""
