"""An index for "newest first" (the home page, sorts), so PostgreSQL walks it instead of
sorting every published product. Raw SQL because SQLite (the quick start) cannot index
``NULLS LAST``; the ordering it serves is ``F("published_at").desc(nulls_last=True)``.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS product_newest_published ON catalog_product
    (published_at DESC NULLS LAST, id DESC) WHERE status = 'published'
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS product_newest_published")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_cache_version")]

    operations = [migrations.RunPython(create, drop)]
