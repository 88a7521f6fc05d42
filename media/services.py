"""Writes to photos: the admin, ingest and the tasks call these."""

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from .models import Photo


def _checksum(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def photo_create(*, image: UploadedFile | None = None, user=None, **fields) -> Photo:
    """Create a photo, with or without its image file (wire captions arrive before images)."""
    photo = Photo(created_by=user, **fields)
    if image is not None:
        photo.checksum = _checksum(image)
        photo.image = image
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def photo_update(*, photo: Photo, image: UploadedFile | None = None, **fields) -> Photo:
    for name, value in fields.items():
        setattr(photo, name, value)
    if image is not None:
        photo.checksum = _checksum(image)
        photo.image = image
        photo.rendition_status = Photo.RenditionStatus.PENDING
        photo.rendition_error = ""
    photo.full_clean()
    photo.save()
    return photo
