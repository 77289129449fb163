"""Reviews move the catalogue version (catalog migration 0005), as stock does; curators
may see and hide reviews and deal with reports.

A review written, edited, hidden or answered changes what a cached product page shows. The
rating columns on catalog_product move the version already when the average changes; the
triggers here also cover a reply, a processed photo or an edited text.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WATCHED_TABLES = ("engagement_review",)

TRIGGERS = """
CREATE TRIGGER catalog_cache_version_now
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_cache_version();
CREATE CONSTRAINT TRIGGER catalog_cache_version_at_commit
    AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION catalog_bump_cache_version();
"""

CURATOR = "ODOP curator"
GRANTS = {"review": ["change", "view"], "reviewreport": ["view"]}


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


def grant_curators(apps, schema_editor):
    app_config = apps.get_app_config("engagement")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATOR)
    for model, actions in GRANTS.items():
        for action in actions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="engagement", codename=f"{action}_{model}"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
        ("catalog", "0005_cache_version"),
        ("sellers", "0003_staff_roles"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
    ]
