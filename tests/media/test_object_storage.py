"""Photo files on S3-compatible object storage (a moto server on loopback): private originals
behind signed URLs, public renditions on plain stable URLs, and no attempt overwriting another."""

import socket
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from storages.backends.s3 import S3Storage

from media.models import Photo
from media.pipeline import Rendered, RenditionSpec
from media.rendition_files import store_rendition
from media.services import photo_create, photo_generate_renditions
from media.storage import rendition_storage
from tests import images
from tests.factories import editor
from tests.s3 import client, media_on_s3, storages_for

client_for = client

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_cdn(s3_endpoint, s3_media, settings):
    settings.STORAGES = storages_for(s3_endpoint, s3_media, public_domain="img.news.example.org")
    return s3_media


def _keys(endpoint: str, bucket: str, prefix: str) -> set[str]:
    listed = client(endpoint).list_objects_v2(Bucket=bucket, Prefix=prefix)
    return {item["Key"] for item in listed.get("Contents", [])}


def _photo(django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("p.jpg", images.encode(images.photo_like(400, 300)))
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_create(image=upload, caption="Boats return.", alt_text="Boats.")
    photo.refresh_from_db()
    return photo


def test_the_media_suite_runs_on_the_storage_it_was_asked_for():
    assert isinstance(rendition_storage, S3Storage) == media_on_s3()


def test_originals_are_private_and_linked_by_signed_urls(
    s3_endpoint, on_cdn, small_specs, django_capture_on_commit_callbacks
):
    photo = _photo(django_capture_on_commit_callbacks)
    assert photo.rendition_status == "ready"
    url = urlparse(photo.image.url)
    assert url.netloc != "img.news.example.org"
    assert {"X-Amz-Signature", "X-Amz-Expires"} <= set(parse_qs(url.query))
    assert photo.image.name in _keys(s3_endpoint, on_cdn, "photos/")


def test_renditions_have_plain_stable_urls_on_the_public_domain(
    s3_endpoint, on_cdn, publish, settings
):
    story = publish()
    first = Client().get(f"/api/v1/articles/{story.slug}/").json()
    settings.API_DETAIL_CACHE_SECONDS = 0
    second = Client().get(f"/api/v1/articles/{story.slug}/").json()
    urls = [r["url"] for r in first["photos"][0]["renditions"]]
    assert urls == [r["url"] for r in second["photos"][0]["renditions"]]
    for url in urls:
        parts = urlparse(url)
        assert (parts.scheme, parts.netloc, parts.query) == ("https", "img.news.example.org", "")
        assert parts.path.lstrip("/") in _keys(s3_endpoint, on_cdn, "renditions/")


def test_two_attempts_at_one_rendition_leave_one_file_on_object_storage(
    s3_endpoint, s3_media, small_specs, django_capture_on_commit_callbacks
):
    photo = _photo(django_capture_on_commit_callbacks)
    spec = RenditionSpec("w160.jpeg", "jpeg", 160)
    made = photo.renditions.get(spec_name=spec.name)
    made.file.delete(save=False)
    made.delete()
    store_rendition(photo, Rendered(spec, b"winner", 160, 120), photo.checksum, "a1")
    store_rendition(photo, Rendered(spec, b"loser", 160, 120), photo.checksum, "b2")
    rendition = photo.renditions.get(spec_name=spec.name)
    with rendition.file.open("rb") as stored:
        assert stored.read() == b"winner"
    assert _keys(s3_endpoint, s3_media, f"renditions/{photo.pk}/") == set(
        photo.renditions.values_list("file", flat=True)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert photo_generate_renditions(photo_id=photo.pk, force=True) > 0
    rows = set(photo.renditions.values_list("file", flat=True))
    assert _keys(s3_endpoint, s3_media, f"renditions/{photo.pk}/") == rows


def _admin_upload(client, name: str):
    data = {"caption": "Quay.", "alt_text": "", "photographer": "", "agency": ""}
    data |= {"credit_line_override": "", "copyright_notice": "", "focal_point_x": "0.5"}
    data |= {"focal_point_y": "0.5", "renditions-TOTAL_FORMS": "0", "renditions-INITIAL_FORMS": "0"}
    image = SimpleUploadedFile(name, images.encode(images.photo_like(200, 150)))
    return client.post("/admin/media/photo/add/", {**data, "image": image})


def test_an_upload_to_storage_that_is_away_is_refused_on_the_form(s3_endpoint, s3_media, client):
    client.force_login(editor("ed"))
    client_for(s3_endpoint).delete_bucket(Bucket=s3_media)  # a mistyped or deleted bucket
    response = _admin_upload(client, "quay.jpg")
    assert response.status_code == 200 and "photo storage cannot be reached" in response.text
    assert not Photo.objects.exists()


def test_storage_refusing_for_good_after_the_form_was_checked_is_an_error_saving_nothing(
    s3_endpoint, s3_media, client, caplog
):
    client.force_login(editor("ed"))
    client.raise_request_exception = False  # as a browser meets it: an answer, not a traceback
    with mock.patch("media.admin.storage_problem", return_value=None):
        client_for(s3_endpoint).delete_bucket(
            Bucket=s3_media
        )  # NoSuchBucket: asking again won't do
        response = _admin_upload(client, "quay.jpg")
    # Not a 503 that invites a retry: a 500, reported (the error log, Sentry) as the
    # misconfiguration it is. A storage that times out or fails on its side is a 503
    # (tests/newsroom/test_health.py).
    assert response.status_code == 500
    assert any(
        r.levelname == "ERROR" and "NoSuchBucket" in r.getMessage() + str(r.exc_info)
        for r in caplog.records
    )
    assert not Photo.objects.exists()


def test_deleting_a_photo_while_the_storage_is_away_still_deletes_it(
    s3_endpoint, s3_media, small_specs, django_capture_on_commit_callbacks, caplog
):
    from botocore.exceptions import EndpointConnectionError

    photo = _photo(django_capture_on_commit_callbacks)
    away = EndpointConnectionError(endpoint_url=s3_endpoint)
    with (
        mock.patch.object(S3Storage, "delete", side_effect=away),
        django_capture_on_commit_callbacks(execute=True),
    ):
        photo.delete()
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert "Could not delete" in caplog.text


def test_a_frozen_storage_is_reported_without_waiting_out_the_uploads_retries(s3_media, settings):
    """A server that accepts connections and never answers: the check gives up by itself."""
    from django.core.files.storage import default_storage

    from newsroom.storage_settings import storage_answers

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    settings.STORAGES = storages_for(f"http://127.0.0.1:{silent.getsockname()[1]}", s3_media)
    try:
        assert storage_answers(default_storage) is False
    finally:
        silent.close()
