from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register the tasks in every process, so that a web process can enqueue them by name.
        from . import tasks  # noqa: F401
