"""The Celery app, configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="newsroom.ping", ignore_result=False)
def ping(payload: str) -> dict:
    """Answer with the payload and the worker's process id: proves the broker path end to end."""
    return {"payload": payload, "pid": os.getpid()}
