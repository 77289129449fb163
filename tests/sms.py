"""Consent and sign-in codes as the artisan receives them: read from the SMS the locmem backend
"sent" (kernel.messaging.outbox, emptied before each test by tests/conftest.py)."""

from kernel import messaging


def sent_to(phone: str) -> list:
    return [m for m in messaging.outbox if m.channel == messaging.SMS and m.to == phone]


def last_code(phone: str, template: str = "assisted_consent") -> str:
    """The code of the latest consent SMS to ``phone`` (or of another code template)."""
    for message in reversed(sent_to(phone)):
        if message.template == template:
            return message.params["code"]
    raise AssertionError(f"no {template} code was sent to {phone}: {messaging.outbox}")


def last_login_code(phone: str) -> str:
    return last_code(phone, template="login_code")
