"""A catalogue version that moves whenever anything a public page shows is committed.

Cached page fragments are keyed on this number (catalog.page_cache), so a product edited
in the admin, a stock change from an order, an artisan suspended or a district story
rewritten shows at once, whichever code path (or SQL) made the change.

Two triggers per table bump one sequence (sequences are not transactional, so every
session sees a bump at once):
- a statement trigger, as the change is made: the writing transaction itself (and a test
  running inside one) never reads a fragment cached before its change;
- a deferred constraint trigger, as the transaction commits: a page built from the old
  rows while the change was in flight was cached under the in-flight number, and the
  commit moves past it. Only a reader landing in the instant between that last bump and
  the commit becoming visible could cache old rows under the final number; the
  fragments' ten-minute expiry bounds that.
On SQLite nothing is created and pages are not cached (the quick start has no shared
cache worth keeping coherent).
"""

from django.db import migrations

WATCHED_TABLES = (
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
)

FUNCTION = """
CREATE SEQUENCE IF NOT EXISTS catalog_cache_version;
CREATE OR REPLACE FUNCTION catalog_bump_cache_version() RETURNS trigger AS $$
BEGIN
    PERFORM nextval('catalog_cache_version');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = """
CREATE TRIGGER catalog_cache_version_now
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_cache_version();
CREATE CONSTRAINT TRIGGER catalog_cache_version_at_commit
    AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION catalog_bump_cache_version();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in WATCHED_TABLES:
        schema_editor.execute(TRIGGERS.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in WATCHED_TABLES:
        for trigger in ("catalog_cache_version_now", "catalog_cache_version_at_commit"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS catalog_bump_cache_version()")
    schema_editor.execute("DROP SEQUENCE IF EXISTS catalog_cache_version")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_search_vocabulary"),
        ("sellers", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(create, drop)]
