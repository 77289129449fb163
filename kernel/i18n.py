"""Bilingual content: every translated field ``x`` has a Hindi twin ``x_hi``.

We chose plain ``_hi`` columns over modeltranslation or parler: two languages only, no
extra joins, and the Hindi text sits beside the English in forms and admin. A field left
empty in the active language falls back to the other one, so text an artisan wrote only
in Hindi still shows on English pages (and the other way round); the fallback carries its
language, for ``lang`` attributes (the ``lang_attr`` filter).
"""

from django.utils.translation import get_language


def is_hindi() -> bool:
    return (get_language() or "en").startswith("hi")


class FallbackText(str):
    """Text shown in the other language because the active one has none."""

    lang: str

    def __new__(cls, text: str, lang: str) -> "FallbackText":
        value = super().__new__(cls, text)
        value.lang = lang
        return value


class TranslatedMixin:
    """Adds ``tr(field)``: the field in the active language, else in the other one."""

    def tr(self, field: str) -> str:
        hindi = is_hindi()
        wanted, other, other_lang = (
            (f"{field}_hi", field, "en") if hindi else (field, f"{field}_hi", "hi")
        )
        value = getattr(self, wanted, "") or ""
        if value:
            return value
        fallback = getattr(self, other, "") or ""
        return FallbackText(fallback, other_lang) if fallback else value
