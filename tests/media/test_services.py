"""Photos from upload to renditions, with the tasks run eagerly after commit."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.services import article_create
from media import services
from media.models import Photo, Rendition
from media.pipeline import Rendered, RenditionSpec
from media.rendition_files import store_rendition, sweep_orphan_files
from media.services import photo_create, photo_generate_renditions, photo_update
from media.tasks import delete_rendition_files
from newsroom.jobs import enqueue_now
from tests import images
from tests.factories import editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_specs(settings):
    settings.MEDIA_RENDITION_WIDTHS = [160, 320]
    settings.MEDIA_RENDITION_FORMATS = ["jpeg", "webp"]
    settings.MEDIA_RENDITION_CROPS = {"square": {"size": [100, 100], "formats": ["jpeg"]}}


def _upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _photo(django_capture_on_commit_callbacks, data=None, **fields) -> Photo:
    data = data or images.encode(images.photo_like(480, 360), "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_create(image=_upload(data), **fields)
    photo.refresh_from_db()
    return photo


def test_upload_makes_every_rendition_after_commit(django_capture_on_commit_callbacks):
    photo = _photo(django_capture_on_commit_callbacks, caption="Harbour at dawn.")
    assert photo.rendition_status == "ready" and photo.rendition_error == ""
    renditions = {r.spec_name: r for r in photo.renditions.all()}
    assert set(renditions) == {"w160.jpeg", "w160.webp", "w320.jpeg", "w320.webp", "square.jpeg"}
    assert (renditions["w320.webp"].width, renditions["w320.webp"].height) == (320, 240)
    for rendition in renditions.values():
        assert rendition.source_checksum == photo.checksum
        with rendition.file.open("rb") as stored:
            assert Image.open(stored).size == (rendition.width, rendition.height)


def test_generation_is_idempotent(django_capture_on_commit_callbacks):
    photo = _photo(django_capture_on_commit_callbacks)
    files = sorted(r.file.name for r in photo.renditions.all())
    assert photo_generate_renditions(photo_id=photo.pk) == 0
    assert sorted(r.file.name for r in photo.renditions.all()) == files


def test_losing_the_race_for_a_rendition_leaves_no_orphan_file(django_capture_on_commit_callbacks):
    photo = _photo(django_capture_on_commit_callbacks)
    spec = RenditionSpec("w160.jpeg", "jpeg", 160)
    existing = photo.renditions.get(spec_name="w160.jpeg")
    storage = existing.file.storage
    folder = existing.file.name.rsplit("/", 1)[0]
    before = sorted(storage.listdir(folder)[1])
    store_rendition(photo, Rendered(spec, b"late worker", 160, 120), photo.checksum, "late")
    assert photo.renditions.filter(spec_name="w160.jpeg").count() == 1
    assert sorted(storage.listdir(folder)[1]) == before


def test_a_losing_attempt_never_touches_the_winners_file_on_storage_that_overwrites(
    django_capture_on_commit_callbacks, settings
):
    # Object storage replaces a file written under an existing name; so does this storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "renditions": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"allow_overwrite": True},
        },
    }
    photo = _photo(django_capture_on_commit_callbacks)
    spec = RenditionSpec("w160.jpeg", "jpeg", 160)
    photo.renditions.filter(spec_name=spec.name).delete()
    store_rendition(photo, Rendered(spec, b"winner", 160, 120), photo.checksum, "a1")
    store_rendition(photo, Rendered(spec, b"loser", 160, 120), photo.checksum, "b2")
    rendition = photo.renditions.get(spec_name=spec.name)
    with rendition.file.open("rb") as stored:
        assert stored.read() == b"winner"


def test_orphan_files_from_a_crash_are_swept(django_capture_on_commit_callbacks):
    photo = _photo(django_capture_on_commit_callbacks)
    storage = Rendition._meta.get_field("file").storage
    orphan = storage.save(
        f"renditions/{photo.pk}/{photo.checksum[:16]}-dead/w999.jpeg", ContentFile(b"x")
    )
    assert sweep_orphan_files(photo) == 0  # too fresh: maybe a worker mid-write
    assert sweep_orphan_files(photo, older_than=timedelta(seconds=-1)) == 1
    assert not storage.exists(orphan)
    assert all(storage.exists(r.file.name) for r in photo.renditions.all())


def test_a_corrupt_stored_image_marks_the_photo_failed(django_capture_on_commit_callbacks):
    photo = Photo.objects.create(caption="Broken", checksum="0" * 64)
    photo.image.save("broken.jpg", ContentFile(b"\xff\xd8 not really a jpeg"), save=True)
    Photo.objects.filter(pk=photo.pk).update(
        checksum=__import__("hashlib").sha256(b"\xff\xd8 not really a jpeg").hexdigest()
    )
    assert photo_generate_renditions(photo_id=photo.pk) == 0
    photo.refresh_from_db()
    assert photo.rendition_status == "failed" and "not an image" in photo.rendition_error
    assert not photo.renditions.exists()
    assert photo.pk not in services.photos_needing_renditions(pending_for=timedelta(seconds=-1))


def test_a_missing_original_marks_the_photo_failed_once(django_capture_on_commit_callbacks):
    photo = _photo(django_capture_on_commit_callbacks)
    photo.renditions.all().delete()
    photo.image.storage.delete(photo.image.name)
    assert photo_generate_renditions(photo_id=photo.pk) == 0
    photo.refresh_from_db()
    assert photo.rendition_status == "failed" and "missing" in photo.rendition_error
    assert photo.pk not in services.photos_needing_renditions(pending_for=timedelta(seconds=-1))


def test_replacing_the_image_makes_a_fresh_set_and_removes_the_old(
    django_capture_on_commit_callbacks,
):
    photo = _photo(django_capture_on_commit_callbacks)
    old_files = [r.file.name for r in photo.renditions.all()]
    old_image = photo.image.name
    storage = photo.image.storage
    new_data = images.encode(images.photo_like(640, 320, seed=7), "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, image=_upload(new_data, "new.jpg"))
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (640, 320)
    assert set(photo.renditions.values_list("source_checksum", flat=True)) == {photo.checksum}
    assert photo.renditions.count() == 5
    assert not any(storage.exists(name) for name in old_files)
    assert not storage.exists(old_image)


def test_a_replaced_set_stays_as_long_as_cached_answers_may_link_it(
    django_capture_on_commit_callbacks, settings
):
    settings.API_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"
    photo = _photo(django_capture_on_commit_callbacks)
    old_files = sorted(r.file.name for r in photo.renditions.all())
    later = []

    def enqueue(task_name, *args, countdown=None):
        if task_name == "media.delete_rendition_files":
            later.append((args, countdown))
            return True
        return enqueue_now(task_name, *args, countdown=countdown)

    new_data = images.encode(images.photo_like(640, 320, seed=8), "JPEG")
    with (
        mock.patch("media.services.enqueue_now", enqueue),
        django_capture_on_commit_callbacks(execute=True),
    ):
        photo_update(photo=photo, image=_upload(new_data, "newer.jpg"))
    storage = Rendition._meta.get_field("file").storage
    assert all(storage.exists(name) for name in old_files)  # still linked downstream
    ((names,), countdown), *_none = later
    assert sorted(names) == old_files and countdown == 60 + 300 + 60
    assert delete_rendition_files(names) == len(old_files)
    assert not any(storage.exists(name) for name in old_files)
    assert all(storage.exists(r.file.name) for r in photo.renditions.all())


def test_moving_the_focal_point_remakes_the_crops(django_capture_on_commit_callbacks):
    photo = _photo(django_capture_on_commit_callbacks)
    square = photo.renditions.get(spec_name="square.jpeg")
    width_rendition = photo.renditions.get(spec_name="w320.jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, focal_point_x=0.0)
    assert photo.renditions.get(spec_name="square.jpeg").pk != square.pk
    assert photo.renditions.get(spec_name="w320.jpeg").pk == width_rendition.pk


def test_embedded_metadata_fills_only_what_the_editor_left_empty(
    django_capture_on_commit_callbacks,
):
    data = images.iptc_jpeg(
        images.photo_like(200, 150),
        {
            (2, 120): "Embedded caption.",
            (2, 80): "Jane Doe",
            (2, 110): "REUTERS",
            (2, 116): "© Reuters",
        },
    )
    photo = _photo(django_capture_on_commit_callbacks, data=data, caption="The editor's caption.")
    assert photo.caption == "The editor's caption."
    assert (photo.photographer, photo.agency, photo.copyright_notice) == (
        "Jane Doe",
        "REUTERS",
        "© Reuters",
    )
    assert photo.credit_line == "REUTERS/Jane Doe"


def test_embedded_metadata_too_long_for_its_field_is_refused_with_the_limit():
    xmp = images.xmp_packet(description="Ferry at dawn.", creator="A" * 250, credit="NWP")
    data = images.encode(Image.new("RGB", (40, 30)), "JPEG", xmp=xmp)
    with pytest.raises(ValidationError) as refused:
        services.photo_create(image=_upload(data, "long.jpg"))
    message = " ".join(refused.value.message_dict["image"])
    assert "250 characters" in message and "holds 200" in message and "photographer" in message
    assert not Photo.objects.exists()
    photo = services.photo_create(image=_upload(data, "long.jpg"), photographer="Anna de Vries")
    assert photo.photographer == "Anna de Vries" and photo.caption == "Ferry at dawn."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"plain text, not a photo", "not an image"),
        (images.decompression_bomb_png(), "megapixels"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(data, message, settings, tmp_path):
    with pytest.raises(ValidationError, match=message):
        photo_create(image=_upload(data), caption="Refused")
    assert not Photo.objects.exists()
    assert not list((tmp_path / "media").rglob("*.*")) if (tmp_path / "media").exists() else True


def test_oversized_upload_is_refused(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="the limit is"):
        photo_create(image=_upload(images.encode(images.photo_like(300, 200)), "big.jpg"))
    assert not Photo.objects.exists()


def test_caption_change_recomputes_reading_time_of_its_stories(django_capture_on_commit_callbacks):
    photo = _photo(django_capture_on_commit_callbacks, caption="Short.")
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(
            user=editor("ed"), headline="Story", photos=[{"photo": photo, "role": "lead"}]
        )
    article.refresh_from_db()
    before = article.word_count
    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, caption="A much longer caption with many more words in it.")
    article.refresh_from_db()
    assert article.word_count == before + 9


def test_reconciliation_finds_photos_whose_job_was_lost(django_capture_on_commit_callbacks):
    with mock.patch("media.services.enqueue_on_commit"):  # the broker was down at upload
        photo = photo_create(image=_upload(images.encode(images.photo_like(200, 150))))
    assert not photo.renditions.exists()
    assert services.photos_needing_renditions() == []  # not yet: give the job its chance
    later = timezone.now() + timedelta(minutes=5)
    with mock.patch("media.services.timezone.now", return_value=later):
        assert services.photos_needing_renditions() == [photo.pk]
        assert services.photos_enqueue_missing_renditions() == 1  # eager here: done at once
    assert Photo.objects.get(pk=photo.pk).rendition_status == "ready"
    with mock.patch("media.services.timezone.now", return_value=later):
        assert services.photos_needing_renditions() == []


def test_a_save_succeeds_when_the_broker_is_unreachable(caplog):
    from kombu.exceptions import OperationalError

    from newsroom.celery import app

    task = app.tasks["media.generate_renditions"]
    with mock.patch.object(task, "apply_async", side_effect=OperationalError("connection refused")):
        from newsroom.jobs import enqueue_now

        assert enqueue_now("media.generate_renditions", 1) is False
    assert "reconciliation will retry" in caplog.text


def test_the_sweep_leaves_a_replaced_set_to_its_delayed_deletion(
    django_capture_on_commit_callbacks,
):
    photo = _photo(django_capture_on_commit_callbacks)
    storage = Rendition._meta.get_field("file").storage
    replaced = storage.save(f"renditions/{photo.pk}/{'0' * 16}-old/w320.jpeg", ContentFile(b"x"))
    assert sweep_orphan_files(photo, older_than=timedelta(seconds=-1)) == 0
    assert storage.exists(replaced)


@pytest.mark.parametrize(
    "data_format, name, stored",
    [
        ("PNG", "harbour.jpg", "harbour.png"),
        ("JPEG", "IMG_0042", "IMG_0042.jpg"),
        ("JPEG", "quay.JPEG", "quay.jpg"),
        ("WEBP", "ferry.png", "ferry.webp"),
        ("GIF", ".jpg", "photo.gif"),
    ],
)
def test_an_original_is_named_for_its_format_not_for_what_it_was_called(data_format, name, stored):
    photo = photo_create(image=_upload(images.encode(images.photo_like(60, 40), data_format), name))
    assert photo.image.name.endswith("-" + stored)
