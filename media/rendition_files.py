"""Rendition files in storage: written before their rows, never over another attempt's file,
and deleted (with a photo's original) once the rows that refer to them are.

Object storage replaces a file written under an existing name, and two workers can render the
same photo at once (a redelivered job, a reconciliation racing the upload's own job). So every
attempt writes under a folder of its own (``renditions/<photo>/<checksum>-<attempt>/<spec>``),
the row is the single record of which file is served, and an attempt that loses the race for the
row deletes only its own file.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from . import pipeline
from .models import Photo, Rendition
from .storage import delete_file_on_commit


def store_rendition(photo: Photo, rendered: pipeline.Rendered, checksum: str, attempt: str) -> None:
    """The file first, then the row. A crash in between leaves an unreferenced file that the
    orphan sweep removes, never a row without a file; a worker that loses the race to create the
    row deletes its own file. Each attempt writes under its own folder, so that on object
    storage (which replaces a file of the same name) the loser never touches the winner's file."""
    storage = Rendition._meta.get_field("file").storage
    name = f"renditions/{photo.pk}/{checksum[:16]}-{attempt}/{rendered.spec.name}"
    saved_name = storage.save(name, ContentFile(rendered.data))
    try:
        with transaction.atomic():
            # The photo's row locked, so that a withdrawal (a kill) either comes after this
            # rendition, and deletes it, or before, and stops it.
            status = (
                Photo.objects.select_for_update()
                .filter(pk=photo.pk)
                .values_list("rendition_status", flat=True)
                .first()
            )
            if status in (None, Photo.RenditionStatus.WITHDRAWN):
                raise IntegrityError("the photo was withdrawn or deleted")
            Rendition.objects.create(
                photo=photo,
                spec_name=rendered.spec.name,
                format=rendered.spec.format,
                width=rendered.width,
                height=rendered.height,
                file=saved_name,
                source_checksum=checksum,
            )
    except IntegrityError:
        storage.delete(saved_name)


def sweep_orphan_files(photo: Photo, *, older_than: timedelta = timedelta(hours=1)) -> int:
    """Delete rendition files of this photo that no row references (left by a crash)."""
    storage = Rendition._meta.get_field("file").storage
    referenced = set(photo.renditions.values_list("file", flat=True))
    removed = 0
    root = f"renditions/{photo.pk}"
    try:
        folders, _ = storage.listdir(root)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    cutoff = timezone.now() - older_than
    # Only the current image's folders: a replaced set waits for its own delayed deletion
    # (cached answers may still link it), however old its files are.
    current = f"{photo.checksum[:16]}-"
    for folder in [name for name in folders if name.startswith(current)]:
        for filename in storage.listdir(f"{root}/{folder}")[1]:
            name = f"{root}/{folder}/{filename}"
            if name not in referenced and storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                removed += 1
    return removed


@receiver(post_delete, sender=Rendition)
def _rendition_deleted(*, instance: Rendition, **kwargs) -> None:
    delete_file_on_commit(instance.file)


@receiver(post_delete, sender=Photo)
def _photo_deleted(*, instance: Photo, **kwargs) -> None:
    # Its renditions' rows go by cascade, each with its own signal; this is the original.
    delete_file_on_commit(instance.image)


def rendition_files_delete(*, names: list[str]) -> int:
    """Delete these rendition files, except any that a rendition row refers to again. Returns
    how many were deleted."""
    storage = Rendition._meta.get_field("file").storage
    kept = set(Rendition.objects.filter(file__in=names).values_list("file", flat=True))
    gone = [name for name in names if name not in kept]
    for name in gone:
        storage.delete(name)
    return len(gone)
