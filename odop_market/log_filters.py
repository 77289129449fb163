"""Keep personal data out of the logs.

``PersonalDataFilter`` sits on every log handler (see LOGGING in settings.py). It
rewrites each record's message, and the text of any exception it carries, replacing
email addresses, Indian mobile numbers, PAN, GSTIN, Udyam numbers and bank account
numbers with a placeholder. Whatever logs them (our code, Django's request log, Celery,
an SMTP error quoting the recipient) the log line carries only ``[email]``, ``[mobile]``…
"""

from __future__ import annotations

import logging
import re

#: (pattern, placeholder), most specific first: a GSTIN contains a PAN, and a mobile
#: number would otherwise be taken for a bank account number.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\bUDYAM-[A-Z]{2}-\d{2}-\d{7}\b", re.IGNORECASE), "[udyam]"),
    (re.compile(r"\b\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]\b", re.IGNORECASE), "[gstin]"),
    (re.compile(r"\b[A-Z]{5}\d{4}[A-Z]\b", re.IGNORECASE), "[pan]"),
    (re.compile(r"(?<![\w+])(?:\+?91[\s-]?|0)?[6-9]\d{4}[\s-]?\d{5}\b"), "[mobile]"),
    (re.compile(r"(?<![\w-])\d{9,18}\b"), "[number]"),
]


def scrub(text: str) -> str:
    """``text`` with every email, mobile, PAN, GSTIN, Udyam and account number replaced."""
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


class PersonalDataFilter(logging.Filter):
    """A handler filter that scrubs the formatted message and the exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw parts, scrubbed
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
