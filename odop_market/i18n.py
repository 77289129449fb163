"""Bilingual content: every translated field ``x`` has a Hindi twin ``x_hi``.

We chose plain ``_hi`` columns over modeltranslation or parler: two languages only, no
extra joins, and the Hindi text sits beside the English in forms and admin. A Hindi
field left empty falls back to the English one.
"""

from django.utils.translation import get_language


def is_hindi() -> bool:
    return (get_language() or "en").startswith("hi")


class TranslatedMixin:
    """Adds ``tr(field)``: the field in the active language, falling back to English."""

    def tr(self, field: str) -> str:
        if is_hindi():
            value = getattr(self, f"{field}_hi", "")
            if value:
                return value
        return getattr(self, field)
