"""The staff role groups as the data migrations leave them, for tests to put back.

A transactional test ends by flushing every table, groups included; later tests that look
a role up need them again. The grants are read from the migrations that made them, with
the app labels of models that moved since (districts 0001) brought up to date.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

ROLES = import_module("sellers.migrations.0003_staff_roles")
ORDER_GRANTS = import_module("orders.migrations.0002_staff_order_permissions").GRANTS
RETURN_GRANTS = import_module("orders.migrations.0007_operations_return_permissions").GRANTS
PAYMENT_MODELS = import_module("payments.migrations.0002_operations_permissions").MODELS
LEDGER_GRANTS = import_module("payments.migrations.0005_ledger_permissions").CODENAMES
REVIEW_GRANTS = import_module("engagement.migrations.0002_cache_version_and_roles").GRANTS
CELL_ROLES = import_module("dashboards.migrations.0002_roles")
HELPER_ROLES = import_module("sellers.migrations.0007_helper_role")
MESSAGE_GRANTS = import_module("kernel.migrations.0003_operations_view_messages").CODENAMES
CURATOR, OPERATIONS = ROLES.CURATOR, ROLES.OPERATIONS
OFFICER = CELL_ROLES.OFFICER
HELPER = HELPER_ROLES.HELPER

#: (old app label, model) -> the app the model lives in now.
MOVED = {("catalog", model): "districts" for model in ("district", "craft", "gitag", "odopproduct")}


def _wanted() -> dict[str, list[tuple[str, str]]]:
    wanted = {
        name: [
            (MOVED.get((app, model), app), f"{action}_{model}")
            for app, models in grants.items()
            for model, actions in models.items()
            for action in actions
        ]
        + ROLES.EXTRA.get(name, [])
        for name, grants in ROLES.GRANTS.items()
    }
    wanted[OPERATIONS] += [("payments", f"view_{model}") for model in PAYMENT_MODELS]
    wanted[OPERATIONS] += [("payments", codename) for codename in LEDGER_GRANTS]
    wanted[OPERATIONS] += [("kernel", codename) for codename in MESSAGE_GRANTS]
    wanted[OPERATIONS] += [
        ("orders", f"{action}_{model}")
        for model, actions in {**ORDER_GRANTS, **RETURN_GRANTS}.items()
        for action in actions
    ]
    wanted[CURATOR] += [
        ("engagement", f"{action}_{model}")
        for model, actions in REVIEW_GRANTS.items()
        for action in actions
    ]
    wanted[OFFICER] = []
    for name in CELL_ROLES.GRANTS:
        wanted[name] += CELL_ROLES.wanted(name)
    wanted[HELPER] = []
    for name in HELPER_ROLES.GRANTS:
        wanted[name] += HELPER_ROLES.wanted(name)
    return wanted


def restore_staff_roles(**_kwargs) -> None:
    """Create the role groups with their permissions unless both are there (idempotent)."""
    if Group.objects.filter(name__in=[CURATOR, OPERATIONS, OFFICER, HELPER]).count() == 4:
        return
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for name, codenames in _wanted().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *[
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in codenames
            ]
        )
