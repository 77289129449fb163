"""A review written, edited, hidden or answered invalidates the pages of its product.

Migration 0002 made every review change move the catalogue-wide version, emptying the
cache of every page; catalog migration 0013 introduced per-scope versions. This trigger
bumps the same scopes as a change to the product row itself (its page, artisan, district,
craft, collections, search, home), not just ``product:<id>``: the review's transaction
goes on to update the product's rating columns, and taking every scope lock it will need
in its first statement, in scope order, means it cannot deadlock with a checkout that
sells the product out (which takes the same locks in the same order).
"""

from django.db import migrations

TRIGGERS = """
CREATE OR REPLACE FUNCTION engagement_review_changed() RETURNS trigger AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT product_id) INTO ids FROM old_rows;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT product_id) INTO ids FROM new_rows;
    ELSE
        SELECT array_agg(DISTINCT product_id) INTO ids
        FROM (SELECT product_id FROM old_rows UNION SELECT product_id FROM new_rows) AS both_rows;
    END IF;
    PERFORM catalog_bump_scopes(
        ARRAY(SELECT s FROM catalog_product p,
                   unnest(catalog_listing_scopes(p.id, p.seller_id, p.district_id, p.craft_id)) s
              WHERE p.id = ANY(ids))
        || catalog_product_memberships(ids));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER engagement_review_scopes_insert AFTER INSERT ON engagement_review
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagement_review_changed();
CREATE TRIGGER engagement_review_scopes_update AFTER UPDATE ON engagement_review
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagement_review_changed();
CREATE TRIGGER engagement_review_scopes_delete AFTER DELETE ON engagement_review
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagement_review_changed();
"""
OLD_TRIGGERS = ("catalog_cache_version_now", "catalog_cache_version_at_commit")
NEW_TRIGGERS = (
    "engagement_review_scopes_insert",
    "engagement_review_scopes_update",
    "engagement_review_scopes_delete",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for trigger in OLD_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON engagement_review")
    schema_editor.execute(TRIGGERS)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for trigger in NEW_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON engagement_review")
    schema_editor.execute("DROP FUNCTION IF EXISTS engagement_review_changed()")
    old = __import__("importlib").import_module("engagement.migrations.0002_cache_version_and_roles")
    schema_editor.execute(old.TRIGGERS.format(table="engagement_review"))


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0002_cache_version_and_roles"),
        ("catalog", "0013_cache_scopes"),
    ]

    operations = [migrations.RunPython(create, drop)]
