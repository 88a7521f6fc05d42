from django.contrib.auth.management import create_permissions
from django.db import migrations

INGEST = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "revise_published_article"),
    ("media", "add_photo"),
    ("media", "view_photo"),
]


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Ingest")
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in INGEST
        ]
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Ingest").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_ingest_fields"), ("authtoken", "0004_alter_tokenproxy_options")]

    operations = [migrations.RunPython(create_group, remove_group)]
