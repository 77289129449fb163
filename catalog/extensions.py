"""Sections other apps add to the product page, looked up from settings.

The catalogue sits below the apps that know about reviews, so it never imports them:
``settings.CATALOG_PRODUCT_SECTIONS`` names callables (as Django names email backends)
that take ``(request, product)`` and return ``{"html": str, "json_ld": dict}``. The HTML
goes into the cached product fragment, so it must hold nothing that depends on the visitor;
``json_ld`` entries are merged into the product's structured data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

#: Query parameters a section may read; they become part of the page's cache key.
SECTION_PARAMS = ("reviews",)


@cache
def _sections(paths: tuple[str, ...]) -> list[Callable]:
    return [import_string(path) for path in paths]


def product_sections() -> list[Callable]:
    return _sections(tuple(getattr(settings, "CATALOG_PRODUCT_SECTIONS", ())))
