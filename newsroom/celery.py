"""The Celery app, configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

from newsroom import observability

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections(task=None, **kwargs) -> None:
    """A worker's database connections are kept as a web process keeps them: closed around a
    task only when unusable or older than CONN_MAX_AGE (Django's own rule, per request). Celery
    would close them around every task (see CELERY_DB_REUSE_MAX in the settings), which costs a
    new connection per task. Tasks run eagerly are inside their caller's request: left alone."""
    if task is not None and not getattr(task.request, "is_eager", False):
        from django.db import close_old_connections as close_if_old

        close_if_old()


@app.task(name="newsroom.ping", ignore_result=False)
def ping(payload: str) -> dict:
    """Answer with the payload and the worker's process id: proves the broker path end to end."""
    return {"payload": payload, "pid": os.getpid()}


@task_prerun.connect
def _task_id_for_logs(task_id=None, **kwargs) -> None:
    observability.task_id.set(task_id or "")


@task_postrun.connect
def _task_done(**kwargs) -> None:
    observability.task_id.set("")
