import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from media.models import Photo, Rendition
from media.services import photo_create
from tests.images import jpeg_bytes

pytestmark = pytest.mark.django_db


def test_credit_line_is_derived_from_agency_and_photographer():
    photo = Photo(agency="EPA-EFE", photographer="SERGEY DOLZHENKO")
    assert photo.credit_line == "EPA-EFE/SERGEY DOLZHENKO"
    assert Photo(agency="REUTERS").credit_line == "REUTERS"
    assert Photo(photographer="Jane Doe").credit_line == "Jane Doe"
    assert Photo().credit_line == ""


def test_explicit_credit_line_overrides_the_derived_one():
    photo = Photo(agency="AP", photographer="Jane Doe", credit_line_override="AP Photo/Jane Doe")
    assert photo.credit_line == "AP Photo/Jane Doe"


def test_photo_create_records_size_and_checksum():
    data = jpeg_bytes(320, 200)
    photo = photo_create(
        image=SimpleUploadedFile("a.jpg", data, content_type="image/jpeg"), caption="Harbour."
    )
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (320, 200)
    assert len(photo.checksum) == 64
    with photo.image.open("rb") as stored:
        assert stored.read() == data
    assert photo.rendition_status == Photo.RenditionStatus.PENDING


def test_photo_without_image_is_allowed():
    photo = photo_create(caption="Known only from the wire.", agency="EPA-EFE")
    assert not photo.image and photo.width is None


def test_focal_point_must_lie_in_the_image():
    with pytest.raises(ValidationError):
        photo_create(caption="Off the edge", focal_point_x=1.5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(caption="Off", focal_point_y=-0.1)


def test_failed_renditions_must_say_why():
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(caption="Broken", rendition_status="failed")


def test_renditions_are_unique_per_photo_spec_and_source():
    photo = photo_create(caption="One")
    fields = dict(photo=photo, spec_name="w640.jpeg", format="jpeg", width=640, height=400)
    Rendition.objects.create(**fields, file="r/a.jpg", source_checksum="abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rendition.objects.create(**fields, file="r/b.jpg", source_checksum="abc")
    # A new source image gets a fresh set.
    Rendition.objects.create(**fields, file="r/c.jpg", source_checksum="def")
    assert photo.renditions.count() == 2
