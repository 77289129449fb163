"""A model field that keeps secrets (KYC and bank numbers) encrypted at rest."""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet() -> MultiFernet:
    """Keys from FIELD_ENCRYPTION_KEY (comma-separated, newest first) or derived from SECRET_KEY."""
    raw_keys = [k.strip() for k in settings.FIELD_ENCRYPTION_KEY.split(",") if k.strip()]
    if not raw_keys:
        digest = hashlib.sha256(("odop-field-key:" + settings.SECRET_KEY).encode()).digest()
        raw_keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in raw_keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


class EncryptedCharField(models.TextField):
    """Stores a short string encrypted with Fernet; reads it back in clear.

    The database only ever sees ciphertext, so a leaked dump or backup does not leak
    PAN, GSTIN, Udyam or bank account numbers. The column cannot be searched or indexed.
    """

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        try:
            return decrypt(value)
        except InvalidToken:
            return ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
