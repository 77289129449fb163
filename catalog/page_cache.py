"""Cached fragments of the public catalogue pages, kept coherent by the catalogue version.

The expensive part of a district, craft or home page is the same for every visitor: the
products, artisans and filters. It is rendered once per (page, language, query string,
catalogue version) and kept in Redis. The header (who is signed in, the cart count) and
anything carrying a CSRF token stay outside the fragment and are rendered per request.

The version comes from a PostgreSQL sequence that triggers move on every committed change
to the catalogue (migration 0005), so a changed product shows at once. Elsewhere (SQLite
in the quick start) there is no version and fragments are built on every request.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import connections, router
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from catalog.models import Product

#: Safety net only: the version invalidates fragments the moment data changes.
FRAGMENT_SECONDS = 600
#: Query strings longer than this are not cached (nobody links to them; junk would
#: only fill the cache).
MAX_QUERY_LENGTH = 200


def catalog_version() -> int | None:
    """The committed catalogue's version, or None where it is not tracked.

    Read from the database this request reads the catalogue from (the read replica, when
    the router sends it there): a lagging replica then gives its own older version, so a
    fragment built from its rows is never stored under a newer version's key.
    """
    connection = connections[router.db_for_read(Product)]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM catalog_cache_version")
        return cursor.fetchone()[0]


def _query_part(query: QueryDict, allowed: Iterable[str]) -> str | None:
    """The query string in a canonical order, or None when it should not be cached."""
    allowed = set(allowed)
    items = sorted((key, value) for key, values in query.lists() for value in values)
    if any(key not in allowed for key, _value in items):
        return None
    text = "&".join(f"{key}={value}" for key, value in items)
    return text if len(text) <= MAX_QUERY_LENGTH else None


def cached_value(name: str, build: Callable[[], object]) -> object:
    """``build()``, kept per (name, language, catalogue version) where versions exist."""
    version = catalog_version()
    if version is None:
        return build()
    raw = f"{name}|{get_language()}|{version}"
    key = "catalog:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


def cached_fragment(
    name: str,
    *,
    query: QueryDict | None = None,
    allowed_params: Iterable[str] = (),
    build: Callable[[], dict],
) -> dict:
    """``build()`` → {"html": rendered fragment, ...small picklable values}, cached.

    ``name`` identifies the page and object (``"district:12"``); the language, the allowed
    query parameters and the catalogue version complete the key. A query string with
    other parameters is built every time.
    """
    query_part = _query_part(query, allowed_params) if query is not None else ""
    if query_part is None:
        return build()
    fragment = cached_value(f"{name}?{query_part}", build)
    fragment["html"] = mark_safe(fragment["html"])
    return fragment
