"""Operations settle returns: they see returns and their photos and decide disputes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATIONS = "ODOP operations"
GRANTS = {
    "returnrequest": ["view", "change"],
    "returnevent": ["view"],
    "returnphoto": ["view"],
    "packingphoto": ["view"],
}


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("orders")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True  # historical app configs have none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
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
        codenames = [f"{a}_{m}" for m, actions in GRANTS.items() for a in actions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="orders", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("orders", "0006_returns")]

    operations = [migrations.RunPython(grant, revoke)]
