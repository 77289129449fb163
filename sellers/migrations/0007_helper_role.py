"""The "ODOP helper" role, and what operations may do with workshops.

- Helpers (district staff, self-help-group coordinators) hold ``assist_onboarding``: in
  the districts assigned to them (``sellers.HelperAssignment``) they record workshops,
  import attendee lists and onboard artisans at /sell/workshops/. They get no admin model.
- Operations run workshops from the admin: workshops, attendees and helpers' districts,
  and read the audit trail of what helpers did.
"""

from importlib import import_module

from django.db import migrations

STAFF_ROLES = import_module("sellers.migrations.0003_staff_roles")

HELPER = "ODOP helper"
OPERATIONS = "ODOP operations"

#: group -> model -> actions (or a custom codename, written in full).
GRANTS = {
    HELPER: {"workshop": ["assist_onboarding"]},
    OPERATIONS: {
        "workshop": ["add", "change", "view", "delete", "assist_onboarding"],
        "attendee": ["add", "change", "view", "delete"],
        "helperassignment": ["add", "change", "view", "delete"],
        "assistedaction": ["view"],
    },
}


def wanted(name: str) -> list[tuple[str, str]]:
    return [
        ("sellers", action if action == "assist_onboarding" else f"{action}_{model}")
        for model, actions in GRANTS[name].items()
        for action in actions
    ]


def create_roles(apps, schema_editor) -> None:
    STAFF_ROLES._create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GRANTS:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted(name):
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name=HELPER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0006_workshops"),
        ("sellers", "0003_staff_roles"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
