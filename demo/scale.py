"""Ten times the bench data in minutes: copies of the bulk rows made inside PostgreSQL.

``seed_demo --products N`` and ``seed_orders --orders N`` build rows in Python, about a
thousand a second: fine for today's 50,000 products and 20,000 orders, too slow for ten
times that. ``scale_products`` and ``scale_orders`` start from those rows and add the rest
with ``INSERT … SELECT … generate_series``, so nothing crosses the wire:

- product ``bulk-<n>`` (n above the base) belongs to artisan ``bulk-artisan-<ceil(n/25)>``
  as in ``demo.bulk``, and copies the words, materials and GI tag of a base product of
  that artisan's district (search and district pages see their own craft), with its own
  title number, price and stock; it shares a processed demo photo of its district;
- order ``OD-BULK-<n>`` copies base order ``((n-1) mod base)+1`` with its sub-orders and
  lines, a few minutes earlier, for the same bulk shoppers.

Columns are read from the catalogue, so a column added later is copied as it is. The
numbering is ``demo.bulk``'s and ``seed_orders``'s, so those commands and these agree on
what exists, and every step skips rows already there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from demo.bulk import PRODUCTS_PER_ARTISAN

BULK_PRODUCT = r"^bulk-[0-9]{6}$"
BULK_ORDER = r"^OD-BULK-[0-9]{7}$"


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s AND column_name <> 'id' "
            "ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(table: str, source: str, overrides: dict[str, str]) -> tuple[str, str]:
    """(column list, select list) copying ``source``'s columns except ``overrides``."""
    columns = _columns(table)
    unknown = set(overrides) - set(columns)
    if unknown:
        raise RuntimeError(f"{table} has no column {', '.join(sorted(unknown))}")
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(overrides.get(c, f'{source}."{c}"') for c in columns)
    return names, values


@contextmanager
def _indexes_rebuilt_after(table: str) -> Iterator[None]:
    """Drop ``table``'s plain indexes for the block and build them again after it.

    Building an index over 500,000 rows at once is several times faster than updating it
    row by row (above all the search vector's GIN index). Indexes behind constraints
    (the primary key, unique slugs) stay: the copies rely on them. Run in a transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        # Deferred triggers (the catalogue version) must fire before an index is built.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            cursor.execute(definition)


def _execute(sql: str, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@transaction.atomic
def scale_products(*, base: int, total: int) -> int:
    """Products ``bulk-<base+1>`` … ``bulk-<total>`` copied from the first ``base``."""
    names, values = _copy(
        "catalog_product",
        "b",
        {
            "slug": "'bulk-' || lpad(t.n::text, 6, '0')",
            "title": r"regexp_replace(b.title, '\d+$', t.n::text)",
            "title_hi": r"regexp_replace(b.title_hi, '\d+$', t.n::text)",
            "seller_id": "t.seller_id",
            "district_id": "t.district_id",
            "craft_id": "t.craft_id",
            "price": "greatest(99, round(b.price * (0.8 + (t.n %% 41) / 100.0)))",
            "stock": "(ARRAY[0, 2, 5, 10, 25, 50])[t.n %% 6 + 1]",
            "search_vector": "NULL",
            "created_at": "now()",
            "updated_at": "now()",
            "published_at": "now() - interval '365 days' + t.n * interval '1 second'",
        },
    )
    with _indexes_rebuilt_after("catalog_product"):
        return _copy_products(names, values, base=base, total=total)


def _copy_products(names: str, values: str, *, base: int, total: int) -> int:
    return _execute(
        f"""
        WITH base AS (
            SELECT p.*, row_number() OVER (PARTITION BY p.district_id ORDER BY p.id) AS r
            FROM catalog_product p
            WHERE p.slug ~ '{BULK_PRODUCT}' AND substring(p.slug, 6)::int <= %(base)s
        ),
        per_district AS (SELECT district_id, count(*) AS c FROM base GROUP BY district_id),
        t AS (
            SELECT n, s.id AS seller_id, s.district_id, s.craft_id, n %% d.c + 1 AS r
            FROM generate_series(%(base)s + 1, %(total)s) AS n
            JOIN sellers_sellerprofile s
              ON s.slug = 'bulk-artisan-' || lpad(((n - 1) / %(per)s + 1)::text, 5, '0')
            JOIN per_district d ON d.district_id = s.district_id
        )
        INSERT INTO catalog_product ({names})
        SELECT {values}
        FROM t JOIN base b ON b.district_id = t.district_id AND b.r = t.r
        ON CONFLICT (slug) DO NOTHING
        """,
        {"base": base, "total": total, "per": PRODUCTS_PER_ARTISAN},
    )


@transaction.atomic
def share_photos() -> int:
    """Give every bulk product without a photo a processed demo photo of its district."""
    names, values = _copy(
        "catalog_productimage", "s", {"product_id": "m.id", "created_at": "now()"}
    )
    return _execute(
        f"""
        WITH shared AS (
            SELECT i.*, p.district_id AS d,
                   row_number() OVER (PARTITION BY p.district_id ORDER BY i.id) AS r
            FROM catalog_productimage i JOIN catalog_product p ON p.id = i.product_id
            WHERE i.state = 'ready' AND i.position = 0 AND p.slug NOT LIKE 'bulk-%%'
        ),
        per_district AS (SELECT d, count(*) AS c FROM shared GROUP BY d),
        m AS (
            SELECT p.id, p.district_id FROM catalog_product p
            WHERE p.slug LIKE 'bulk-%%'
              AND NOT EXISTS (SELECT 1 FROM catalog_productimage i WHERE i.product_id = p.id)
        )
        INSERT INTO catalog_productimage ({names})
        SELECT {values}
        FROM m JOIN per_district c ON c.d = m.district_id
        JOIN shared s ON s.d = m.district_id AND s.r = m.id %% c.c + 1
        """,
        {},
    )


_NEW_NUMBER = "'OD-BULK-' || lpad((substring(o.number, 9)::int + k * %(base)s)::text, 7, '0')"
_BASE_ORDERS = f"o.number ~ '{BULK_ORDER}' AND substring(o.number, 9)::int <= %(base)s"


@transaction.atomic
def scale_orders(*, base: int, total: int) -> int:
    """Orders ``OD-BULK-<base+1>`` … ``<total>`` (sub-orders, lines) copied from the base."""
    copies = -(-total // base) - 1
    params = {"base": base, "total": total, "copies": copies}
    limit = f"substring(o.number, 9)::int + k * %(base)s <= %(total)s AND {_BASE_ORDERS}"
    names, values = _copy(
        "orders_order",
        "o",
        {
            "number": _NEW_NUMBER,
            "idempotency_key": _NEW_NUMBER,
            "placed_at": "o.placed_at - k * interval '11 minutes'",
        },
    )
    created = _execute(
        f"""
        INSERT INTO orders_order ({names})
        SELECT {values} FROM orders_order o CROSS JOIN generate_series(1, %(copies)s) AS k
        WHERE {limit}
        ON CONFLICT (number) DO NOTHING
        """,
        params,
    )
    names, values = _copy("orders_suborder", "s", {"order_id": "n.id"})
    _execute(
        f"""
        INSERT INTO orders_suborder ({names})
        SELECT {values}
        FROM orders_suborder s JOIN orders_order o ON o.id = s.order_id
        CROSS JOIN generate_series(1, %(copies)s) AS k
        JOIN orders_order n ON n.number = {_NEW_NUMBER}
        WHERE {limit}
        ON CONFLICT (order_id, seller_id) DO NOTHING
        """,
        params,
    )
    names, values = _copy("orders_orderline", "l", {"suborder_id": "ns.id"})
    _execute(
        f"""
        INSERT INTO orders_orderline ({names})
        SELECT {values}
        FROM orders_orderline l
        JOIN orders_suborder s ON s.id = l.suborder_id
        JOIN orders_order o ON o.id = s.order_id
        CROSS JOIN generate_series(1, %(copies)s) AS k
        JOIN orders_order n ON n.number = {_NEW_NUMBER}
        JOIN orders_suborder ns ON ns.order_id = n.id AND ns.seller_id = s.seller_id
        WHERE {limit}
          AND NOT EXISTS (SELECT 1 FROM orders_orderline x WHERE x.suborder_id = ns.id)
        """,
        params,
    )
    return created
