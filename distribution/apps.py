from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("Distribution")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registered in every process, so that the services can enqueue the relay by name.
        from . import tasks  # noqa: F401
