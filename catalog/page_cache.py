"""Cached fragments of the public catalogue pages, kept coherent by per-scope versions.

The expensive part of a district, craft, product, search or home page is the same for every
visitor: the products, artisans and filters. It is rendered once per (page, language, query
string, versions of the scopes it depends on) and kept in Redis. The header (who is signed
in, the cart count) and anything carrying a CSRF token stay outside the fragment and are
rendered per request.

A scope is what a page shows: ``district:<id>``, ``craft:<id>``, ``product:<id>``,
``seller:<id>``, ``collection:<id>``, ``search``, ``home``, and ``catalog`` (everything,
which every page also depends on). PostgreSQL triggers bump the versions of exactly the
scopes a write changes, inside the writing transaction (migration 0013 says which, and why
that leaves no window for stale pages). Here the versions are read in one statement
*before* the page's data, so a page built from old rows is never stored under new versions.
Elsewhere (SQLite in the quick start) there are no versions and fragments are built on
every request.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import connections, router
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from catalog.models import Product

#: Safety net only: the versions invalidate fragments the moment data changes.
FRAGMENT_SECONDS = 600
#: Query strings longer than this are not cached (nobody links to them; junk would
#: only fill the cache).
MAX_QUERY_LENGTH = 200


#: Every cached page depends on this scope: curation edits (districts, crafts, artisans,
#: collections, events) bump it.
CATALOG = "catalog"


def catalog_version() -> int | None:
    """The catalogue-wide version, or None where versions are not tracked."""
    found = scope_versions([CATALOG])
    return None if found is None else dict(found).get(CATALOG, 0)


def scope_versions(
    scopes: Iterable[str], *, product_slug: str | None = None
) -> tuple[tuple[str, int], ...] | None:
    """The committed versions of ``scopes`` (plus ``catalog``), in one query.

    With ``product_slug``, the scopes of the product at that slug (its own and its
    artisan's) are added and the product id it resolves to is part of the answer, so a
    page cached under a slug is rebuilt when the slug moves to another product or none.
    None where versions are not tracked.

    Read from the database this request reads the catalogue from (the read replica, when
    the router sends it there): a lagging replica then gives its own older versions, so a
    fragment built from its rows is never stored under newer versions' keys.
    """
    connection = connections[router.db_for_read(Product)]
    if connection.vendor != "postgresql":
        return None
    wanted = sorted({CATALOG, *scopes})
    with connection.cursor() as cursor:
        if product_slug is None:
            cursor.execute(
                "SELECT scope, version FROM catalog_cache_scope WHERE scope = ANY(%s)", [wanted]
            )
        else:
            cursor.execute(
                "WITH p AS (SELECT id, seller_id FROM catalog_product WHERE slug = %s) "
                "SELECT '@product', coalesce((SELECT id FROM p), 0) UNION ALL "
                "SELECT scope, version FROM catalog_cache_scope WHERE scope = ANY("
                "%s::text[] || ARRAY(SELECT unnest(ARRAY['product:' || id, 'seller:' || seller_id])"
                " FROM p))",
                [product_slug, wanted],
            )
        return tuple(sorted(cursor.fetchall()))


def _query_part(query: QueryDict, allowed: Iterable[str]) -> str | None:
    """The query string in a canonical order, or None when it should not be cached."""
    allowed = set(allowed)
    items = sorted((key, value) for key, values in query.lists() for value in values)
    if any(key not in allowed for key, _value in items):
        return None
    text = "&".join(f"{key}={value}" for key, value in items)
    return text if len(text) <= MAX_QUERY_LENGTH else None


def cached_value(
    name: str,
    build: Callable[[], object],
    *,
    scopes: Iterable[str] = (),
    product_slug: str | None = None,
) -> object:
    """``build()``, kept per (name, language, versions of ``scopes``) where versions exist."""
    versions = scope_versions(scopes, product_slug=product_slug)
    if versions is None:
        return build()
    stamp = ",".join(f"{scope}={version}" for scope, version in versions)
    raw = f"{name}|{get_language()}|{stamp}"
    key = "catalog:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


def cached_fragment(
    name: str,
    *,
    scopes: Iterable[str] = (),
    product_slug: str | None = None,
    query: QueryDict | None = None,
    allowed_params: Iterable[str] = (),
    build: Callable[[], dict],
) -> dict:
    """``build()`` → {"html": rendered fragment, ...small picklable values}, cached.

    ``name`` identifies the page and object (``"district:12"``); ``scopes`` (and
    ``product_slug``, see scope_versions) what it shows; the language, the allowed query
    parameters and the scopes' versions complete the key. A query string with other
    parameters is built every time.
    """
    query_part = _query_part(query, allowed_params) if query is not None else ""
    if query_part is None:
        return build()
    fragment = cached_value(f"{name}?{query_part}", build, scopes=scopes, product_slug=product_slug)
    fragment["html"] = mark_safe(fragment["html"])
    return fragment
