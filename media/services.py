"""Writes to photos and their renditions: the admin, ingest, the commands and the tasks call these.

A photo's path from upload to the API: `photo_create` validates and stores it and enqueues
`media.generate_renditions` after commit; the task calls `photo_generate_renditions`, which runs
the pure pipeline in `media/pipeline.py` and stores each rendition race-safely. Every change the
public may see is announced with `media.signals.photo_changed`, so that the stories showing the
photo (which this app knows nothing of) are renewed.
"""

import hashlib
import logging
import secrets
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.jobs import enqueue_now, enqueue_on_commit
from newsroom.text import clean_text

from . import pipeline
from .models import Photo, Rendition
from .rendition_files import store_rendition, sweep_orphan_files
from .signals import photo_change_requested, photo_changed
from .storage import cached_answers_seconds, deferring_deletion, delete_file_on_commit

logger = logging.getLogger(__name__)

# Fields an editor fills in; embedded IPTC/XMP metadata only fills the empty ones.
EDITABLE_FIELDS = (
    "caption",
    "alt_text",
    "photographer",
    "agency",
    "credit_line_override",
    "copyright_notice",
    "focal_point_x",
    "focal_point_y",
)
_PREFILLED = ("caption", "photographer", "agency", "copyright_notice")


def rendition_specs() -> list[pipeline.RenditionSpec]:
    return pipeline.specs_from_settings(
        widths=settings.MEDIA_RENDITION_WIDTHS,
        formats=settings.MEDIA_RENDITION_FORMATS,
        crops=settings.MEDIA_RENDITION_CROPS,
    )


def photo_validate_upload(upload) -> pipeline.ImageInfo:
    """Refuse anything but a sound image of an accepted format and size, before it is stored."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        return pipeline.inspect_image(
            data, max_bytes=settings.PHOTO_MAX_UPLOAD_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS
        )
    except pipeline.ImageRejected as rejected:
        raise ValidationError({"image": str(rejected)}) from None


# The usual extension of each accepted format (pipeline.ACCEPTED_FORMATS).
ORIGINAL_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "TIFF": "tif", "GIF": "gif"}


def _attach_image(photo: Photo, upload) -> None:
    info = photo_validate_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    photo.checksum = digest.hexdigest()
    # Named for what it is, not what it was called: a PNG sent as `harbour.jpg` is stored as
    # `harbour.png`, so that storage and browsers give it its own content type.
    given = PurePosixPath(upload.name or "").name
    stem = given.rpartition(".")[0] if "." in given else given
    extension = ORIGINAL_EXTENSIONS.get(info.format, info.format.lower())
    upload.name = f"{stem or 'photo'}.{extension}"
    photo.image = upload
    photo.width, photo.height = info.width, info.height
    photo.rendition_status = Photo.RenditionStatus.PENDING
    photo.rendition_error = ""
    for name in _PREFILLED:
        if not getattr(photo, name):
            setattr(photo, name, _embedded(info.metadata, name))


def _embedded(metadata: pipeline.EmbeddedMetadata, name: str) -> str:
    """An embedded value for an empty field; one longer than the field holds is refused with
    the limit, never cut (the editor can type the field instead)."""
    value, limit = getattr(metadata, name), _max_length(name)
    if limit is not None and len(value) > limit:
        label = Photo._meta.get_field(name).verbose_name
        raise ValidationError(
            {
                "image": _(
                    "The photo's embedded %(field)s is %(length)d characters long; the field "
                    "holds %(limit)d. Fill in the %(field)s yourself, or shorten it in the "
                    "photo's metadata."
                )
                % {"field": label, "length": len(value), "limit": limit}
            }
        )
    return value


def _max_length(field_name: str) -> int | None:
    return Photo._meta.get_field(field_name).max_length


def _checked_fields(fields: dict) -> dict:
    """The fields with their text on one line, without characters feeds cannot carry
    (`newsroom.text`). Raises `ValidationError` for a field that is not an editable one."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown photo fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    return {
        name: clean_text(value, one_line=True) if isinstance(value, str) else value
        for name, value in fields.items()
    }


@transaction.atomic
def photo_create(*, image=None, user=None, **fields) -> Photo:
    """Create a photo, with or without its image file (wire captions arrive before images)."""
    fields = _checked_fields(fields)
    photo = Photo(created_by=user, **fields)
    if image is not None:
        _attach_image(photo, image)
    photo.full_clean()
    photo.save()
    if photo.image:
        enqueue_on_commit("media.generate_renditions", photo.pk)
    return photo


@transaction.atomic
def photo_update(
    *, photo: Photo, image=None, user=None, override_reason: str = "", **fields
) -> Photo:
    """Change a photo's details or replace its image; a new image gets a fresh set of renditions,
    and the old file and renditions go once the new set is made. The apps above may refuse the
    change (`signals.photo_change_requested`): `PermissionDenied`, or `ValidationError` on
    `override_reason` when it needs a reason it was not given."""
    fields = _checked_fields(fields)
    note = photo_check_change(
        photo=photo, user=user, changes=fields, override_reason=override_reason
    )
    photo = Photo.objects.select_for_update().get(pk=photo.pk)
    before = {name: getattr(photo, name) for name in EDITABLE_FIELDS}
    old_image = photo.image.name
    for name, value in fields.items():
        setattr(photo, name, value)
    if image is not None:
        _attach_image(photo, image)
    photo.full_clean()
    photo.save()
    if image is not None:
        if old_image and old_image != photo.image.name:
            delete_file_on_commit(FieldFile(photo, photo.image.field, old_image))
        enqueue_on_commit("media.generate_renditions", photo.pk)
    elif (before["focal_point_x"], before["focal_point_y"]) != (
        photo.focal_point_x,
        photo.focal_point_y,
    ):
        photo.renditions.filter(spec_name__in=_crop_names()).delete()
        photo.rendition_status = Photo.RenditionStatus.PENDING
        photo.save(update_fields=["rendition_status"])
        enqueue_on_commit("media.generate_renditions", photo.pk)
    changed = [name for name in EDITABLE_FIELDS if before[name] != getattr(photo, name)]
    changed += ["image"] if image is not None else []
    _announce_change(
        photo.pk, caption_changed="caption" in changed, user=user, fields=tuple(changed), note=note
    )
    return photo


def photo_check_change(*, photo: Photo, user, changes: dict, override_reason: str = "") -> str:
    """Ask the apps above whether this change may be made (raises as `photo_update` does);
    returns what they would note in their history ("" for nothing)."""
    answers = photo_change_requested.send(
        sender=Photo, photo_id=photo.pk, user=user, changes=changes, override_reason=override_reason
    )
    return " ".join(answer for _receiver, answer in answers if isinstance(answer, str) and answer)


def photo_change_refusal(*, photo: Photo, user) -> str | None:
    """Why this user may not change this photo, or None if they may (for the admin)."""
    try:
        photo_check_change(photo=photo, user=user, changes={})
    except PermissionDenied as refused:
        return str(refused)
    return None


def _announce_change(
    photo_id: int, *, caption_changed: bool = False, user=None, fields: tuple = (), note: str = ""
) -> None:
    photo_changed.send(
        sender=Photo,
        photo_id=photo_id,
        caption_changed=caption_changed,
        user=user,
        fields=fields,
        note=note,
    )


def _crop_names() -> list[str]:
    return [spec.name for spec in rendition_specs() if spec.is_crop]


# --- Renditions -------------------------------------------------------------------------------


def photo_generate_renditions(*, photo_id: int, force: bool = False) -> int:
    """Make the renditions this photo is missing for its current image. Idempotent.

    Returns how many were made. A corrupt image marks the photo failed with the reason;
    storage and database errors propagate so that the task retries them.
    """
    photo = Photo.objects.filter(pk=photo_id).first()
    if (
        photo is None
        or not photo.image
        or photo.rendition_status == Photo.RenditionStatus.WITHDRAWN
    ):
        return 0
    checksum = photo.checksum
    if force:
        photo.renditions.all().delete()  # one transaction; files after it (rendition_files)
    sweep_orphan_files(photo)
    existing = set(
        photo.renditions.filter(source_checksum=checksum).values_list("spec_name", flat=True)
    )
    missing = [spec for spec in rendition_specs() if spec.name not in existing]
    if missing and not _render_and_store(photo, missing):
        return 0
    with transaction.atomic(), deferring_deletion() as replaced_files:
        stale = photo.renditions.exclude(source_checksum=checksum)
        replaced = stale.exists()
        stale.delete()  # the files: rendition_files' receivers
    if replaced_files:
        # API answers cached downstream may still link the old set: it stays that long.
        enqueue_now(
            "media.delete_rendition_files", replaced_files, countdown=cached_answers_seconds()
        )
    _mark(photo, checksum, Photo.RenditionStatus.READY, "")
    if missing or replaced or photo.rendition_status != Photo.RenditionStatus.READY:
        _announce_change(photo.pk)
    return len(missing)


_MISSING_ORIGINAL = "The original image file is missing from storage; upload it again."


def _render_and_store(photo: Photo, specs: list[pipeline.RenditionSpec]) -> bool:
    """Render `specs` from the stored image and store them. False if the image was replaced
    meanwhile (the new image's task makes the new set) or cannot be rendered (marked failed)."""
    try:
        with photo.image.open("rb") as source:
            data = source.read()
    except FileNotFoundError:  # no retry can bring it back
        _mark(photo, photo.checksum, Photo.RenditionStatus.FAILED, _MISSING_ORIGINAL)
        _announce_change(photo.pk)
        return False
    if hashlib.sha256(data).hexdigest() != photo.checksum:
        return False
    try:
        rendered = pipeline.render(
            data,
            specs,
            focal_point=(photo.focal_point_x, photo.focal_point_y),
            max_pixels=settings.PHOTO_MAX_PIXELS,
        )
    except pipeline.ImageRejected as rejected:
        _mark(photo, photo.checksum, Photo.RenditionStatus.FAILED, str(rejected))
        _announce_change(photo.pk)
        return False
    if Photo.objects.filter(pk=photo.pk, rendition_status=Photo.RenditionStatus.WITHDRAWN).exists():
        return False  # withdrawn while it was rendered
    attempt = secrets.token_hex(4)
    for item in rendered:
        store_rendition(photo, item, photo.checksum, attempt)
    return True


def _mark(photo: Photo, checksum: str, status: str, error: str) -> None:
    # Only if the image is still the one rendered: a replacement has its own pending status; and
    # never over a withdrawal.
    Photo.objects.filter(pk=photo.pk, checksum=checksum).exclude(
        rendition_status=Photo.RenditionStatus.WITHDRAWN
    ).update(rendition_status=status, rendition_error=error, changed_at=timezone.now())


@transaction.atomic
def photos_withdraw(*, photo_ids) -> int:
    """Stop serving these photos' renditions (their stories were killed): the rows go now, the
    files once the transaction commits, and no task makes new ones; the original stays, private,
    for the record. Returns how many photos were withdrawn."""
    photos = Photo.objects.filter(pk__in=list(photo_ids))
    list(photos.select_for_update().order_by("pk").values_list("pk", flat=True))
    Rendition.objects.filter(photo__in=photos).delete()
    return photos.update(
        rendition_status=Photo.RenditionStatus.WITHDRAWN,
        rendition_error="",
        changed_at=timezone.now(),
    )


def photo_mark_failed(*, photo_id: int, error: str) -> None:
    Photo.objects.filter(pk=photo_id).update(
        rendition_status=Photo.RenditionStatus.FAILED, rendition_error=error or "Unknown error"
    )


def photos_needing_renditions(*, pending_for: timedelta = timedelta(minutes=2), limit: int = 1000):
    """Photos whose renditions are missing: pending for a while (a lost job) or short of specs."""
    cutoff = timezone.now() - pending_for
    expected = len(rendition_specs())
    current = Count("renditions", filter=Q(renditions__source_checksum=F("checksum")))
    queryset = (
        Photo.objects.exclude(image="")
        .exclude(
            rendition_status__in=[Photo.RenditionStatus.FAILED, Photo.RenditionStatus.WITHDRAWN]
        )
        .filter(changed_at__lt=cutoff)
        .annotate(current_renditions=current)
        .filter(current_renditions__lt=expected)
        .order_by("changed_at")
        .values_list("pk", flat=True)
    )
    return list(queryset[:limit])


def photos_enqueue_missing_renditions(*, pending_for: timedelta = timedelta(minutes=2)) -> int:
    photo_ids = photos_needing_renditions(pending_for=pending_for)
    for photo_id in photo_ids:
        enqueue_now("media.generate_renditions", photo_id)
    return len(photo_ids)
