from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Photos and renditions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register the tasks in every process, so that a web process can enqueue them by name.
        from . import rendition_files, tasks  # noqa: F401  (tasks; receivers that delete files)
