"""Let the "Editors" group review requests, read replies and see alert subscriptions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def ensure_permissions(apps):
    # On a fresh database permissions are created only after all migrations ran;
    # this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_to_editors(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="cooperation")
    )


def revoke_from_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="cooperation")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0001_initial"),
        ("clusters", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant_to_editors, revoke_from_editors)]
