"""A review written, edited, hidden or answered invalidates its product's page only.

Migration 0002 made every review change move the catalogue-wide version, emptying the
cache of every page; catalog migration 0013 introduced per-scope versions. The rating
columns on catalog_product invalidate listings when the average changes; this trigger
covers what only the product page shows (the text, a reply, a processed photo).
"""

from django.db import migrations

TRIGGERS = """
CREATE OR REPLACE FUNCTION engagement_review_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM catalog_bump_scopes(ARRAY(SELECT 'product:' || product_id FROM old_rows));
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM catalog_bump_scopes(ARRAY(SELECT 'product:' || product_id FROM new_rows));
    ELSE
        PERFORM catalog_bump_scopes(ARRAY(
            SELECT 'product:' || product_id FROM old_rows
            UNION SELECT 'product:' || product_id FROM new_rows));
    END IF;
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
