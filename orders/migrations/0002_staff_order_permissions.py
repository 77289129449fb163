"""What the "ODOP operations" role may do with orders (see sellers 0003_staff_roles).

Kept in orders so that catalog and sellers never depend on orders. Curators get nothing
here: they have no access to orders.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATIONS = "ODOP operations"
GRANTS = {
    "order": ["view", "change"],
    "suborder": ["view", "change"],
    "orderline": ["view"],
    "suborderevent": ["view"],
    "notification": ["view"],
}


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("orders")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True  # historical app configs have none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    grant_order_permissions(apps)


def grant_order_permissions(apps) -> None:
    """Give the operations group its order permissions; safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OPERATIONS)
    for model, actions in GRANTS.items():
        for action in actions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="orders", codename=f"{action}_{model}"
                )
            )


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=OPERATIONS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="orders"))


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("sellers", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
