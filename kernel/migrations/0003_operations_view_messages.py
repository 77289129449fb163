"""Operations read the SMS and WhatsApp messages (masked numbers, no parameters) to answer
"I never got the code"."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATIONS = "ODOP operations"
CODENAMES = ["view_message"]


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("kernel")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True  # historical app configs have none
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OPERATIONS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="kernel", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=OPERATIONS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="kernel", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("kernel", "0002_message_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
