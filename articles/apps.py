from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, with the editor's desk as its home page (`articles/desk.py`)."""

    default_site = "articles.desk.DeskSite"


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Stories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from media.signals import photo_change_requested, photo_changed
        from newsroom.db import read_json_as_text

        # Register the tasks in every process, so that a web process can enqueue them by name.
        from . import tasks  # noqa: F401
        from .services.photos import on_photo_changed, refuse_photo_change

        # media never imports articles: it announces photo changes, and stories listen.
        photo_changed.connect(on_photo_changed, dispatch_uid="articles.on_photo_changed")
        photo_change_requested.connect(
            refuse_photo_change, dispatch_uid="articles.refuse_photo_change"
        )
        # The public reads build JSON as text (newsroom.db.JSONTextObject).
        connection_created.connect(read_json_as_text, dispatch_uid="newsroom.read_json_as_text")
