"""The "ODOP district officer" role, and what the existing roles get for this issue.

- District officers see the dashboard of their assigned districts (the assignment is
  ``districts.DistrictOfficerAssignment``) and write notes there; they get no admin model.
- Curators and operations see every district's dashboard and may write notes.
- Curators curate events; operations verify GI authorised-user claims and assign officers.

It lives in dashboards, the highest app whose permissions it grants.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR = "ODOP curator"
OPERATIONS = "ODOP operations"
OFFICER = "ODOP district officer"

#: group -> app label -> model -> actions (or custom codenames, written in full).
GRANTS = {
    CURATOR: {
        "catalog": {"event": ["add", "change", "view", "delete"]},
        "dashboards": {"districtnote": ["add", "view"]},
    },
    OPERATIONS: {
        "sellers": {"giauthoriseduser": ["change", "view"]},
        "districts": {"districtofficerassignment": ["add", "change", "view", "delete"]},
        "dashboards": {"districtnote": ["add", "view"]},
    },
    OFFICER: {"dashboards": {"districtnote": ["add", "view"]}},
}
EXTRA = {
    CURATOR: [("dashboards", "view_statewide_dashboard")],
    OPERATIONS: [("dashboards", "view_statewide_dashboard")],
    OFFICER: [("dashboards", "view_district_dashboard")],
}


def wanted(name: str) -> list[tuple[str, str]]:
    return [
        (app_label, f"{action}_{model}")
        for app_label, models in GRANTS[name].items()
        for model, actions in models.items()
        for action in actions
    ] + EXTRA.get(name, [])


def create_roles(apps, schema_editor) -> None:
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True  # historical app configs have none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    grant_roles(apps)


def grant_roles(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GRANTS:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted(name):
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=OFFICER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_initial"),
        ("catalog", "0011_event"),
        ("sellers", "0005_giauthoriseduser"),
        ("districts", "0002_gi_registration_and_officers"),
        ("orders", "0002_staff_order_permissions"),
        ("sellers", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
