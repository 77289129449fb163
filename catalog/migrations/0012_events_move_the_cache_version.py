"""Events move the catalogue version (migration 0005), so a cached home page shows an event
published, edited or unpublished in admin at once."""

from importlib import import_module

from django.db import migrations

TRIGGERS = import_module("catalog.migrations.0005_cache_version").TRIGGERS
WATCHED_TABLES = (
    "catalog_event",
    "catalog_event_districts",
    "catalog_event_artisans",
    "catalog_event_products",
)


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in WATCHED_TABLES:
        schema_editor.execute(TRIGGERS.format(table=table))


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in WATCHED_TABLES:
        for trigger in ("catalog_cache_version_now", "catalog_cache_version_at_commit"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_event")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
