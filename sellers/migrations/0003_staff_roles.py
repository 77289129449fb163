"""Staff roles: the "ODOP curator" and "ODOP operations" groups and their permissions.

This lives in sellers, the highest app of the ones whose models it grants (catalog,
sellers). What operations may do with orders is granted by a migration in orders, which
depends on this one, so that catalog and sellers never depend on orders.

On a fresh database post_migrate has not created any Permission row yet, so each app's
permissions are created here first (create_permissions is idempotent).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR = "ODOP curator"
OPERATIONS = "ODOP operations"

#: group -> app label -> model -> actions ("add", "change", "view", "delete").
GRANTS = {
    CURATOR: {
        "catalog": {
            "district": ["add", "change", "view"],
            "craft": ["add", "change", "view"],
            "gitag": ["add", "change", "view", "delete"],
            "odopproduct": ["add", "change", "view", "delete"],
            "featuredproduct": ["add", "change", "view", "delete"],
            "collection": ["add", "change", "view", "delete"],
            "collectionitem": ["add", "change", "view", "delete"],
            "product": ["change", "view"],
            "productimage": ["change", "view", "delete"],
        },
        # To see who made a product (masked KYC) and pick an artisan in product forms.
        "sellers": {"sellerprofile": ["view"]},
    },
    OPERATIONS: {
        "sellers": {
            "sellerprofile": ["add", "change", "view"],
            "moderationdecision": ["view"],
        },
        # To see what an artisan lists, and to pick a district or craft for an artisan.
        "catalog": {
            "product": ["view"],
            "productimage": ["view"],
            "district": ["view"],
            "craft": ["view"],
        },
    },
}
EXTRA = {OPERATIONS: [("sellers", "view_kyc")]}


def _create_all_permissions(apps) -> None:
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True  # historical app configs have none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module


def create_roles(apps, schema_editor) -> None:
    _create_all_permissions(apps)
    grant_roles(apps)


def grant_roles(apps) -> None:
    """Create both groups with their permissions; safe to run again."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [
            (app_label, f"{action}_{model}")
            for app_label, models in grants.items()
            for model, actions in models.items()
            for action in actions
        ] + EXTRA.get(name, [])
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=[CURATOR, OPERATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0002_moderation_decision"),
        ("catalog", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
