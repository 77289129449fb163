"""Email in the recipient's language: subject, plain text and HTML from one template set."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def localized_email(
    *,
    to: str,
    language: str,
    template: str,
    context: dict,
    subject: Callable[[], str] | None = None,
) -> EmailMultiAlternatives:
    """Render ``<template>.txt`` and ``<template>.html`` with ``language`` active.

    The subject is ``subject()``, called with ``language`` active, or else
    ``<template>_subject.txt``; either is squeezed onto one line. ``site_name`` and
    ``language`` are added to the context.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_name": settings.SITE_NAME, "language": language, **context}
        if subject is None:
            title = render_to_string(f"{template}_subject.txt", context)
        else:
            title = subject()
        title = " ".join(str(title).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=title, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
