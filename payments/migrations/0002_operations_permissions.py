"""Operations may view every payment record in admin (read-only, like orders)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATIONS = "ODOP operations"
MODELS = ["gatewayorder", "payment", "paymentevent", "refund", "webhookevent", "reconciliationreport"]


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("payments")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True  # historical app configs have none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OPERATIONS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="payments", codename__in=[f"view_{m}" for m in MODELS]
        )
    )


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=OPERATIONS).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="payments"))


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("orders", "0002_staff_order_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
