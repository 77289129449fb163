"""Indian mobile numbers as people write them: one form field and one display format.

"+91 98765 43210", "098765-43210", "91 98765.43210" and "9876543210" are the same number.
Every form that asks for a mobile number uses ``IndianMobileField``, which accepts all of
these and cleans to the stored spelling "+919876543210"; pages show it with
``format_indian_mobile`` (the ``indian_mobile`` filter) as "+91 98765 43210".
"""

from __future__ import annotations

import re
from typing import Any

from accounts.form_fields import NormalisedCharField
from accounts.validators import normalize_indian_mobile, validate_indian_mobile

#: Room in the input box for the longest usual spelling, "+91 - 98765 - 43210" (19).
MOBILE_INPUT_MAX_LENGTH = 20

_STORED = re.compile(r"\+91([6-9][0-9]{4})([0-9]{5})")


class IndianMobileField(NormalisedCharField):
    """A 10-digit Indian mobile number, with or without +91, 91 or 0, spaces, dashes or dots.

    Cleans to "+91XXXXXXXXXX". A ``max_length`` passed by a model form (the stored
    13 characters) is ignored: the input is checked by ``validate_indian_mobile``.
    """

    default_validators = [validate_indian_mobile]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        kwargs.pop("min_length", None)
        super().__init__(
            normalise=normalize_indian_mobile,
            input_max_length=MOBILE_INPUT_MAX_LENGTH,
            **kwargs,
        )

    def widget_attrs(self, widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.setdefault("inputmode", "tel")
            attrs.setdefault("autocomplete", "tel")
        return attrs

    def prepare_value(self, value: Any) -> Any:
        """A saved number is shown in the box as people write it: +91 98765 43210."""
        return format_indian_mobile(value) if isinstance(value, str) else value


class IndianMobileAdminMixin:
    """Admin forms take a ``mobile`` number as people write it, like the site's forms."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "mobile":
            kwargs.setdefault("form_class", IndianMobileField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def format_indian_mobile(value: str | None) -> str:
    """ "+919876543210" as "+91 98765 43210"; anything else is returned as it is."""
    text = "" if value is None else str(value)
    match = _STORED.fullmatch(normalize_indian_mobile(text)) if text else None
    return f"+91 {match[1]} {match[2]}" if match else text
