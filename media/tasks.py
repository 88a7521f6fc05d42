"""Celery tasks for photos: thin wrappers that take ids and call services."""

from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError

from .rendition_files import rendition_files_delete
from .services import (
    photo_generate_renditions,
    photo_mark_failed,
    photos_enqueue_missing_renditions,
)

MAX_RETRIES = 8


@shared_task(
    name="media.generate_renditions",
    bind=True,
    autoretry_for=(OSError, DatabaseError),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def generate_renditions(self, photo_id: int) -> int:
    try:
        return photo_generate_renditions(photo_id=photo_id)
    except (OSError, DatabaseError) as error:
        if self.request.retries >= MAX_RETRIES:
            photo_mark_failed(
                photo_id=photo_id, error=f"Gave up after {MAX_RETRIES} retries: {error}"
            )
        raise


@shared_task(name="media.reconcile_renditions")
def reconcile_renditions(pending_for_seconds: int = 120) -> int:
    """Run by beat: enqueue photos whose renditions are missing (a job lost to a broker outage)."""
    return photos_enqueue_missing_renditions(pending_for=timedelta(seconds=pending_for_seconds))


@shared_task(name="media.delete_rendition_files")
def delete_rendition_files(names: list[str]) -> int:
    """Delete replaced renditions' files once no cached answer can link them any more."""
    return rendition_files_delete(names=names)
