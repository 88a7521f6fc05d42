from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = {
    "articles": {
        "article": ["add", "change", "view"],
        "articlerevision": ["view"],
        "articleupdate": ["view"],
        "briefbox": ["add", "change", "delete", "view"],
        "briefitem": ["add", "change", "delete", "view"],
        "articlephoto": ["add", "change", "delete", "view"],
        "section": ["view"],
        "tag": ["view"],
    },
    "media": {"photo": ["add", "change", "view"], "rendition": ["view"]},
}
EDITOR_EXTRA = {
    "articles": {
        "article": ["publish", "revise_published"],
        "section": ["add", "change"],
        "tag": ["add", "change"],
    },
}


def _codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(spec):
        return [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in _codenames(spec)
        ]

    reporter, _ = Group.objects.get_or_create(name="Reporter")
    reporter.permissions.set(permissions(REPORTER))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(permissions(REPORTER) + permissions(EDITOR_EXTRA))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporter", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_revisions_and_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("media", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
