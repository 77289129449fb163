"""Validators for Indian formats: PIN code, mobile, PAN, GSTIN, IFSC, Udyam, bank account.

Sellers and orders both use them. The validators accept what a person is likely to type
(lower case, spaces); forms should store the ``normalize_*`` form of the value, so that
the database holds one spelling of each number. Error messages are written for artisans
who may be filling in a form online for the first time: they say what to enter and show
an example.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: States and union territories as (code, name), alphabetical by English name. Codes
#: follow ISO 3166-2:IN, which also matches vehicle registration prefixes (UP, DL, OD, TG).
INDIAN_STATES = (
    ("AN", _("Andaman and Nicobar Islands")),
    ("AP", _("Andhra Pradesh")),
    ("AR", _("Arunachal Pradesh")),
    ("AS", _("Assam")),
    ("BR", _("Bihar")),
    ("CH", _("Chandigarh")),
    ("CG", _("Chhattisgarh")),
    ("DH", _("Dadra and Nagar Haveli and Daman and Diu")),
    ("DL", _("Delhi")),
    ("GA", _("Goa")),
    ("GJ", _("Gujarat")),
    ("HR", _("Haryana")),
    ("HP", _("Himachal Pradesh")),
    ("JK", _("Jammu and Kashmir")),
    ("JH", _("Jharkhand")),
    ("KA", _("Karnataka")),
    ("KL", _("Kerala")),
    ("LA", _("Ladakh")),
    ("LD", _("Lakshadweep")),
    ("MP", _("Madhya Pradesh")),
    ("MH", _("Maharashtra")),
    ("MN", _("Manipur")),
    ("ML", _("Meghalaya")),
    ("MZ", _("Mizoram")),
    ("NL", _("Nagaland")),
    ("OD", _("Odisha")),
    ("PY", _("Puducherry")),
    ("PB", _("Punjab")),
    ("RJ", _("Rajasthan")),
    ("SK", _("Sikkim")),
    ("TN", _("Tamil Nadu")),
    ("TG", _("Telangana")),
    ("TR", _("Tripura")),
    ("UP", _("Uttar Pradesh")),
    ("UK", _("Uttarakhand")),
    ("WB", _("West Bengal")),
)

#: Most buyers and every artisan on an ODOP marketplace are in Uttar Pradesh.
DEFAULT_STATE = "UP"

_PIN_CODE = re.compile(r"[1-9][0-9]{5}")
_MOBILE_INPUT = re.compile(r"(?:\+91|91|0)?([0-9]{10})")
_MOBILE = re.compile(r"\+91[6-9][0-9]{9}")
# The fourth character of a PAN says who holds it: Person, Company, HUF, Firm,
# Association of persons, Trust, Body of individuals, Local authority, artificial
# Juridical person, Government.
_PAN = re.compile(r"[A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z]")
_GSTIN = re.compile(r"([0-9]{2})([A-Z0-9]{10})[1-9A-Z]Z[0-9A-Z]")
_IFSC = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")
_UDYAM = re.compile(r"UDYAM-[A-Z]{2}-[0-9]{2}-[0-9]{7}")
_BANK_ACCOUNT_NUMBER = re.compile(r"[0-9]{9,18}")

_GSTIN_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# 01-38 are the states and union territories; 97 is "Other Territory" and 99 the
# Centre Jurisdiction.
_GSTIN_STATE_CODES = frozenset({f"{n:02d}" for n in range(1, 39)} | {"97", "99"})


def _compact_upper(value: str) -> str:
    return re.sub(r"\s+", "", str(value)).upper()


def validate_pin_code(value: str) -> None:
    if not _PIN_CODE.fullmatch(str(value)):
        raise ValidationError(
            _("Enter a 6-digit PIN code, for example 226001."), code="invalid_pin_code"
        )


def normalize_indian_mobile(value: str) -> str:
    """Return the number as '+91XXXXXXXXXX'.

    Accepts a 10-digit number written with spaces or dashes, and with a leading 0, 91 or
    +91. Anything else comes back without separators, for validate_indian_mobile to reject.
    """
    compact = re.sub(r"[\s\-().]", "", str(value))
    match = _MOBILE_INPUT.fullmatch(compact)
    return f"+91{match[1]}" if match else compact


def validate_indian_mobile(value: str) -> None:
    if not _MOBILE.fullmatch(normalize_indian_mobile(value)):
        raise ValidationError(
            _(
                "Enter a 10-digit mobile number starting with 6, 7, 8 or 9, "
                "for example 98765 43210."
            ),
            code="invalid_mobile",
        )


def normalize_pan(value: str) -> str:
    return _compact_upper(value)


def validate_pan(value: str) -> None:
    if not _PAN.fullmatch(normalize_pan(value)):
        raise ValidationError(
            _("Enter the 10-character PAN exactly as printed on the card, for example ABCPE1234F."),
            code="invalid_pan",
        )


def normalize_gstin(value: str) -> str:
    return _compact_upper(value)


def gstin_check_char(first14: str) -> str:
    """The 15th character of a GSTIN, computed from the first 14 (GSTN's mod-36 checksum)."""
    total = 0
    for position, char in enumerate(first14.upper()):
        product = _GSTIN_CHARSET.index(char) * (1 if position % 2 == 0 else 2)
        total += product // 36 + product % 36
    return _GSTIN_CHARSET[(36 - total % 36) % 36]


def validate_gstin(value: str) -> None:
    gstin = normalize_gstin(value)
    match = _GSTIN.fullmatch(gstin)
    if not match or not _PAN.fullmatch(match[2]):
        raise ValidationError(
            _(
                "Enter the 15-character GSTIN from your GST registration certificate, "
                "for example 09ABCPE1234F1Z9."
            ),
            code="invalid_gstin",
        )
    if match[1] not in _GSTIN_STATE_CODES:
        raise ValidationError(
            _(
                "The first two digits of a GSTIN are a state code (09 for Uttar Pradesh). "
                "Check them against your GST registration certificate."
            ),
            code="invalid_gstin_state_code",
        )
    if gstin[14] != gstin_check_char(gstin[:14]):
        raise ValidationError(
            _(
                "This GSTIN has a mistake in it: its last character does not match the "
                "others. Copy it again from your GST registration certificate."
            ),
            code="invalid_gstin_check_char",
        )


def gstin_matches_pan(gstin: str, pan: str) -> bool:
    """Whether the GSTIN was issued on this PAN (characters 3 to 12 of a GSTIN are the PAN)."""
    return normalize_gstin(gstin)[2:12] == normalize_pan(pan)


def normalize_ifsc(value: str) -> str:
    return _compact_upper(value)


def validate_ifsc(value: str) -> None:
    if not _IFSC.fullmatch(normalize_ifsc(value)):
        raise ValidationError(
            _(
                "Enter the 11-character IFSC of your bank branch, for example SBIN0001234. "
                "It is printed on your cheque book and passbook."
            ),
            code="invalid_ifsc",
        )


def normalize_udyam(value: str) -> str:
    """Upper-case, with single dashes between the parts ('udyam up 50 0012345' works too)."""
    return re.sub(r"[\s-]+", "-", str(value).strip()).upper()


def validate_udyam(value: str) -> None:
    if not _UDYAM.fullmatch(normalize_udyam(value)):
        raise ValidationError(
            _(
                "Enter the Udyam registration number from your Udyam certificate, "
                "for example UDYAM-UP-50-0012345."
            ),
            code="invalid_udyam",
        )


def validate_bank_account_number(value: str) -> None:
    if not _BANK_ACCOUNT_NUMBER.fullmatch(str(value)):
        raise ValidationError(
            _("Enter your bank account number: 9 to 18 digits, with no spaces or dashes."),
            code="invalid_bank_account_number",
        )


#: A UPI id (virtual payment address): a name, '@', and the bank's or app's handle.
_UPI_ID = re.compile(r"[a-z0-9][a-z0-9.\-_]{1,255}@[a-z][a-z0-9]{1,63}")


def normalize_upi_id(value: str) -> str:
    return re.sub(r"\s+", "", str(value)).lower()


def validate_upi_id(value: str) -> None:
    if not _UPI_ID.fullmatch(normalize_upi_id(value)):
        raise ValidationError(
            _(
                "Enter your UPI id as it appears in your payment app, for example "
                "asha.devi@okaxis or 9876543210@ybl."
            ),
            code="invalid_upi_id",
        )
