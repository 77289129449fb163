"""The Razorpay SDK, configured from settings, and the one rupees ↔ paise conversion.

Every call goes through the official SDK (``razorpay.Client``); its ``base_url`` points
at https://api.razorpay.com in production and at the local stand-in
(payments/standin.py) in tests and in test gateway mode. Secrets come from settings,
which read them from the environment only, and are never logged.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import razorpay
import requests
from django.conf import settings

PAISE = Decimal("100")


class GatewayUnavailable(Exception):
    """The gateway could not be reached or refused the call; safe to retry later."""


class SignatureInvalid(Exception):
    """A signature did not verify: the request is not from the gateway."""


def to_paise(rupees: Decimal) -> int:
    """₹1,250.50 → 125050: the integer amount the gateway takes."""
    return int((Decimal(rupees) * PAISE).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_paise(paise: int) -> Decimal:
    """125050 → Decimal('1250.50')."""
    return (Decimal(int(paise)) / PAISE).quantize(Decimal("0.01"))


def is_configured() -> bool:
    return bool(
        settings.RAZORPAY_KEY_ID
        and settings.RAZORPAY_KEY_SECRET
        and settings.RAZORPAY_WEBHOOK_SECRET
    )


class _TimeoutSession(requests.Session):
    """The SDK passes no timeout: never let a gateway call hang a worker."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", settings.RAZORPAY_TIMEOUT)
        return super().request(*args, **kwargs)


def client() -> razorpay.Client:
    sdk = razorpay.Client(
        session=_TimeoutSession(),
        auth=(settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET),
        base_url=settings.RAZORPAY_BASE_URL.rstrip("/"),
    )
    sdk.set_app_details({"title": "ODOP Market", "version": "1"})
    return sdk


def call(fn, *args, **kwargs):
    """Run one SDK call; any network or gateway error becomes GatewayUnavailable.

    The message keeps only the exception's class and the gateway's description: never
    the request, whose auth header carries the key secret.
    """
    try:
        return fn(*args, **kwargs)
    except (requests.RequestException, razorpay.errors.BadRequestError) as exc:
        raise GatewayUnavailable(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    except (razorpay.errors.GatewayError, razorpay.errors.ServerError, ValueError) as exc:
        raise GatewayUnavailable(f"{type(exc).__name__}: {str(exc)[:200]}") from None


def verify_payment_signature(*, order_id: str, payment_id: str, signature: str) -> None:
    """The return from checkout: HMAC-SHA256 of 'order_id|payment_id' with the key secret."""
    try:
        client().utility.verify_payment_signature(
            {
                "razorpay_order_id": order_id,
                "razorpay_payment_id": payment_id,
                "razorpay_signature": signature,
            }
        )
    except (razorpay.errors.SignatureVerificationError, TypeError):
        raise SignatureInvalid from None


def verify_webhook_signature(*, body: bytes, signature: str) -> None:
    """A webhook: HMAC-SHA256 of the raw body with the webhook secret."""
    if not signature or not settings.RAZORPAY_WEBHOOK_SECRET:
        raise SignatureInvalid
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise SignatureInvalid from None
    try:
        client().utility.verify_webhook_signature(text, signature, settings.RAZORPAY_WEBHOOK_SECRET)
    except (razorpay.errors.SignatureVerificationError, TypeError):
        raise SignatureInvalid from None
