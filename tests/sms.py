"""Where SMS codes land in tests until the SMS backend (branch ``phone``) is merged.

Assisted onboarding sends its consent code through allauth's adapter hook
``send_verification_code_sms``; this adapter is ours in every other respect and records
what would have been sent, like Django's locmem email outbox. After the merge of ``phone``
the tests read the SMS backend's own outbox instead and this module goes.
"""

from accounts.adapters import AccountAdapter

#: (phone, code) of every code "sent", oldest first.
outbox: list[tuple[str, str]] = []


class RecordingSmsAdapter(AccountAdapter):
    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        outbox.append((phone, code))


def last_code(phone: str) -> str:
    for sent_to, code in reversed(outbox):
        if sent_to == phone:
            return code
    raise AssertionError(f"no code was sent to {phone}: {outbox}")
