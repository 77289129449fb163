"""Form fields for codes people type with spaces, dashes or in lower case.

A PIN code written "226 001", a GSTIN copied in groups or an IFSC in lower case is what
the person meant. These fields normalise the input *before* the length checks, so that
``max_length`` counts the characters of the code itself, and they give the input box
room for the separators, so that the browser never cuts what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms


class NormalisedCharField(forms.CharField):
    """A CharField that cleans to ``normalise(value)`` and checks lengths on that.

    ``input_max_length`` is the input box's ``maxlength``: the longest spelling a person
    may type, separators included (``max_length`` is the longest stored value).
    """

    def __init__(
        self,
        *,
        normalise: Callable[[str], str],
        input_max_length: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.normalise = normalise
        self.input_max_length = input_max_length
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return self.normalise(value) if value not in self.empty_values else value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if self.input_max_length is not None and not widget.is_hidden:
            attrs["maxlength"] = str(self.input_max_length)
        return attrs


def compact(value: str) -> str:
    """Without spaces, dashes or dots: "1234 5678-9012" → "123456789012"."""
    return "".join(ch for ch in str(value) if not ch.isspace() and ch not in "-.")


def compact_upper(value: str) -> str:
    """Compact and upper-case: "sbin 0001234" → "SBIN0001234"."""
    return compact(value).upper()


class PinCodeField(NormalisedCharField):
    """A 6-digit PIN code, also when written "226 001" or "226-001"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(normalise=compact, input_max_length=9, **kwargs)
