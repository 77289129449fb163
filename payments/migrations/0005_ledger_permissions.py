"""Operations read the ledger and payouts, manage commission rates, add adjustments and
run payouts; the bank numbers in the NEFT file still need sellers.view_kyc."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATIONS = "ODOP operations"
CODENAMES = [
    "view_ledgerentry",
    "add_ledgerentry",
    "view_payout",
    "view_payoutrun",
    "add_payoutrun",
    "run_payouts",
    "view_commissionrate",
    "add_commissionrate",
    "change_commissionrate",
    "delete_commissionrate",
]


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
        *Permission.objects.filter(content_type__app_label="payments", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=OPERATIONS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="payments", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("payments", "0004_ledger_append_only")]

    operations = [migrations.RunPython(grant, revoke)]
