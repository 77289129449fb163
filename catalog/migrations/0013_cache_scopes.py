"""Per-scope cache versions: a change invalidates only the pages that show what changed.

Before this, every committed write to a watched table moved one catalogue-wide number, so
each order (a stock UPDATE) emptied the cache of every page on the site. Now
``catalog_cache_scope`` holds one version per scope (``product:<id>``, ``seller:<id>``,
``district:<id>``, ``craft:<id>``, ``collection:<id>``, ``event:<id>``, ``search``,
``home``, and ``catalog`` for everything), bumped by triggers *inside the writing
transaction*:

- ``catalog_product``: per statement, comparing the old and new rows (transition tables).
  A change to any column a page shows (all but stock, updated_at and search_vector) bumps
  the product, its artisan, its district(s) and craft(s) before and after, its collections
  and events, ``search`` and ``home``. Stock bumps those only when the product goes in or
  out of stock; a change at or below ``Product.FEW_LEFT`` (the product page's "only N
  left") bumps the product alone; 10 → 9 bumps nothing.
- ``catalog_productimage``: the product's listing scopes (cards show the first photo).
- every other watched table (districts, crafts, GI tags, artisans, collections, featured
  products, events): ``catalog``, which every cached page depends on. These are curation
  edits, rare next to orders.

Why this closes the race the old sequence left open: a version is a row in an ordinary
table, written by the same transaction as the data, so it becomes visible at the same
instant as the data (commit). catalog.page_cache reads the versions in one statement
*before* it reads any page data; under READ COMMITTED every later statement sees at least
what that one saw. So a reader that sees the new version also sees the new data, and a
reader that saw the old version caches under the old key, which no reader asks for again
once the new version is visible. Version values come from the old ``catalog_cache_version``
sequence, so they never repeat, even after a rolled-back bump.

Bumps take row locks on the scope rows until commit, in scope order within a statement;
only display-changing writes take them, so the orders that merely decrement stock never
wait on each other here. Bulk SQL and the admin are covered because it is all triggers.
On SQLite nothing is created and pages are not cached.
"""

from importlib import import_module

from django.db import migrations

OLD_TABLES = (
    "catalog_product",
    "catalog_productimage",
    "catalog_district",
    "catalog_craft",
    "catalog_gitag",
    "catalog_gitag_districts",
    "catalog_odopproduct",
    "catalog_featuredproduct",
    "catalog_collection",
    "catalog_collectionitem",
    "sellers_sellerprofile",
    "catalog_event",
    "catalog_event_districts",
    "catalog_event_artisans",
    "catalog_event_products",
)
OLD_TRIGGERS = ("catalog_cache_version_now", "catalog_cache_version_at_commit")

#: Tables whose changes bump the catalogue-wide scope.
CATALOG_TABLES = tuple(t for t in OLD_TABLES if t not in ("catalog_product", "catalog_productimage"))

#: Must equal catalog.models.Product.FEW_LEFT (a test checks).
FEW_LEFT = 5
#: The catalog_product columns a page shows, compared old against new (a test checks that
#: every column but these four is listed: a new column needs a migration that
#: recreates catalog_product_changed with it). Listed rather than compared as whole rows
#: so that a stock UPDATE never turns the search vector into text.
NOT_SHOWN = ("id", "stock", "updated_at", "search_vector")
SHOWN_COLUMNS = (
    "seller_id",
    "district_id",
    "craft_id",
    "title",
    "title_hi",
    "slug",
    "description",
    "description_hi",
    "price",
    "status",
    "materials",
    "materials_hi",
    "weight_grams",
    "length_cm",
    "width_cm",
    "height_cm",
    "fulfilment",
    "processing_days",
    "gi_tag_id",
    "gi_verified",
    "rating_count",
    "rating_sum",
    "rating_distribution",
    "created_at",
    "published_at",
)


def _row(alias: str) -> str:
    return "ROW(" + ", ".join(f"{alias}.{column}" for column in SHOWN_COLUMNS) + ")"

FUNCTIONS = f"""
CREATE SEQUENCE IF NOT EXISTS catalog_cache_version;

CREATE TABLE catalog_cache_scope (
    scope varchar(64) PRIMARY KEY,
    version bigint NOT NULL
);

CREATE OR REPLACE FUNCTION catalog_bump_scopes(scopes text[]) RETURNS void AS $$
    INSERT INTO catalog_cache_scope AS s (scope, version)
    SELECT scope, nextval('catalog_cache_version')
    FROM (SELECT DISTINCT unnest(scopes) AS scope ORDER BY 1) AS wanted
    WHERE scope IS NOT NULL
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
$$ LANGUAGE sql;

-- Everything a product's listing appears on, besides the columns of its own row.
CREATE OR REPLACE FUNCTION catalog_product_memberships(ids bigint[]) RETURNS text[] AS $$
    SELECT ARRAY['search', 'home']
        || coalesce((SELECT array_agg('collection:' || collection_id)
                     FROM catalog_collectionitem WHERE product_id = ANY(ids)), '{{}}')
        || coalesce((SELECT array_agg('event:' || event_id)
                     FROM catalog_event_products WHERE product_id = ANY(ids)), '{{}}');
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION catalog_listing_scopes(
    id bigint, seller_id bigint, district_id bigint, craft_id bigint
) RETURNS text[] AS $$
    SELECT ARRAY['product:' || id, 'seller:' || seller_id,
                 'district:' || district_id, 'craft:' || craft_id];
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION catalog_product_changed() RETURNS trigger AS $$
DECLARE
    listed bigint[];
    scopes text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.id), array_agg(s) INTO listed, scopes
        FROM new_rows n,
             unnest(catalog_listing_scopes(n.id, n.seller_id, n.district_id, n.craft_id)) s;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.id), array_agg(s) INTO listed, scopes
        FROM old_rows o,
             unnest(catalog_listing_scopes(o.id, o.seller_id, o.district_id, o.craft_id)) s;
    ELSE
        WITH pairs AS (
            SELECT n.id AS product_id,
                   catalog_listing_scopes(o.id, o.seller_id, o.district_id, o.craft_id)
                   || catalog_listing_scopes(n.id, n.seller_id, n.district_id, n.craft_id)
                       AS row_scopes,
                   (o.stock > 0) <> (n.stock > 0)
                   OR {_row("o")} IS DISTINCT FROM {_row("n")} AS listing,
                   o.stock <> n.stock AND least(o.stock, n.stock) <= {FEW_LEFT} AS few_left
            FROM old_rows o JOIN new_rows n ON n.id = o.id
        )
        SELECT array_agg(product_id) FILTER (WHERE listing),
               array_agg(s)
        INTO listed, scopes
        FROM pairs,
             unnest(CASE WHEN listing THEN row_scopes ELSE ARRAY['product:' || product_id] END) s
        WHERE listing OR few_left;
    END IF;
    IF listed IS NOT NULL THEN
        scopes := scopes || catalog_product_memberships(listed);
    END IF;
    IF scopes IS NOT NULL THEN
        PERFORM catalog_bump_scopes(scopes);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_image_changed() RETURNS trigger AS $$
DECLARE
    ids bigint[];
    scopes text[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT product_id) INTO ids FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT product_id) INTO ids FROM new_rows;
    END IF;
    SELECT array_agg(s) INTO scopes
    FROM catalog_product p,
         unnest(catalog_listing_scopes(p.id, p.seller_id, p.district_id, p.craft_id)) s
    WHERE p.id = ANY(ids);
    IF scopes IS NOT NULL THEN
        PERFORM catalog_bump_scopes(scopes || catalog_product_memberships(ids));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_bump_everything() RETURNS trigger AS $$
BEGIN
    PERFORM catalog_bump_scopes(ARRAY['catalog']);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Tables of other apps still watched by migration 0005's triggers keep working: they now
-- bump the catalogue-wide scope (transactionally) instead of the bare sequence.
CREATE OR REPLACE FUNCTION catalog_bump_cache_version() RETURNS trigger AS $$
BEGIN
    PERFORM catalog_bump_scopes(ARRAY['catalog']);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

ROW_TRIGGERS = """
CREATE TRIGGER catalog_scopes_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER catalog_scopes_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER catalog_scopes_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
CREATE TRIGGER catalog_scopes_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_everything();
"""

CATALOG_TRIGGER = """
CREATE TRIGGER catalog_scopes_any AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_everything();
"""

SCOPE_TRIGGERS = (
    "catalog_scopes_insert",
    "catalog_scopes_update",
    "catalog_scopes_delete",
    "catalog_scopes_truncate",
    "catalog_scopes_any",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in OLD_TABLES:
        for trigger in OLD_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    schema_editor.execute(FUNCTIONS)
    schema_editor.execute(
        ROW_TRIGGERS.format(table="catalog_product", function="catalog_product_changed")
    )
    schema_editor.execute(
        ROW_TRIGGERS.format(table="catalog_productimage", function="catalog_image_changed")
    )
    for table in CATALOG_TABLES:
        schema_editor.execute(CATALOG_TRIGGER.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in OLD_TABLES:
        for trigger in SCOPE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for function in (
        "catalog_product_changed()",
        "catalog_image_changed()",
        "catalog_bump_everything()",
        "catalog_listing_scopes(bigint, bigint, bigint, bigint)",
        "catalog_product_memberships(bigint[])",
        "catalog_bump_scopes(text[])",
    ):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")
    schema_editor.execute("DROP TABLE IF EXISTS catalog_cache_scope")
    old = import_module("catalog.migrations.0005_cache_version")
    schema_editor.execute(old.FUNCTION)
    for table in OLD_TABLES:
        schema_editor.execute(old.TRIGGERS.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0012_events_move_the_cache_version")]

    operations = [migrations.RunPython(create, drop)]
