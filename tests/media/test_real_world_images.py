"""Images and metadata as phones, cameras and agency tools really write them: multi-picture
JPEGs, XMP in every Unicode encoding, IPTC IIM in declared and undeclared character sets, and
images too tall for a rendition format."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media import encoders, pipeline
from media.models import Photo
from media.services import photo_create, photo_generate_renditions, photos_needing_renditions
from tests import images

pytestmark = pytest.mark.django_db
MAX_PIXELS = 100_000_000
CAPTION = "Ferry crews at Saltmarsh pier greet the first boat of the season."


def _inspect(data: bytes) -> pipeline.ImageInfo:
    return pipeline.inspect_image(data, max_bytes=10**8, max_pixels=MAX_PIXELS)


# --- Multi-picture JPEGs


def test_a_multi_picture_jpeg_is_accepted_and_rendered_from_its_primary_image(
    django_capture_on_commit_callbacks, settings
):
    settings.MEDIA_RENDITION_WIDTHS = [160]
    settings.MEDIA_RENDITION_FORMATS = ["jpeg", "webp"]
    settings.MEDIA_RENDITION_CROPS = {}
    primary = images.halves((400, 200), first=(255, 0, 0), second=(0, 0, 255))
    data = images.mpo(primary, Image.new("RGB", (100, 100), (0, 255, 0)))
    assert Image.open(io.BytesIO(data)).format == "MPO"
    info = _inspect(data)
    assert (info.format, info.width, info.height) == ("JPEG", 400, 200)
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_create(image=SimpleUploadedFile("phone.jpg", data))
    photo.refresh_from_db()
    assert photo.rendition_status == "ready" and photo.renditions.count() == 2
    rendition = photo.renditions.get(format="jpeg")
    with rendition.file.open("rb") as stored:
        made = Image.open(stored).convert("RGB")
    assert made.size == (160, 80)
    left, right = made.getpixel((10, 40)), made.getpixel((150, 40))
    assert left[0] > 200 > left[2] and right[2] > 200 > right[0]  # the primary, not the green


# --- XMP in every Unicode encoding


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "utf-16", "utf-32"]
)
def test_xmp_is_read_in_every_encoding_the_standard_allows(encoding):
    packet = images.xmp_packet(
        description=CAPTION, creator="Олена Коваль", credit="Northwind", rights="© Northwind"
    ).decode()
    boms = {"utf-16-le-bom": ("\ufeff", "utf-16-le"), "utf-16-be-bom": ("\ufeff", "utf-16-be")}
    prefix, codec = boms.get(encoding, ("", encoding))
    raw = (prefix + packet).encode(codec)
    data = images.encode(Image.new("RGB", (40, 30)), "JPEG", xmp=raw)
    assert _inspect(data).metadata == pipeline.EmbeddedMetadata(
        CAPTION, "Олена Коваль", "Northwind", "© Northwind"
    )


def test_xmp_with_a_declaration_and_several_creators():
    packet = images.xmp_packet(description=CAPTION, creator="Ana Ruiz", credit="NWP")
    packet = packet.replace(
        b"<rdf:li>Ana Ruiz</rdf:li>", b"<rdf:li>Ana Ruiz</rdf:li><rdf:li>Tom Berg</rdf:li>"
    )
    raw = '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + packet.decode().encode(
        "utf-16-le"
    )
    data = images.encode(Image.new("RGB", (40, 30)), "JPEG", xmp=raw)
    assert _inspect(data).metadata.photographer == "Ana Ruiz, Tom Berg"


# --- IPTC IIM character sets


@pytest.mark.parametrize(
    ("fields", "caption"),
    [
        ({(1, 90): b"\x1b%G", (2, 120): "Café à Zürich"}, "Café à Zürich"),
        ({(2, 120): "Café à Zürich"}, "Café à Zürich"),  # undeclared, valid UTF-8
        ({(2, 120): "Café – à Zürich".encode("cp1252")}, "Café – à Zürich"),
        ({(1, 90): b"\x1b-A", (2, 120): "Café à Zürich".encode("latin-1")}, "Café à Zürich"),
        (
            {(2, 120): "Пором повертається до Одеси".encode("cp1251")},
            "Пором повертається до Одеси",
        ),
        (
            {(1, 90): b"\x1b-L", (2, 120): "Паром возвращается".encode("iso-8859-5")},
            "Паром возвращается",
        ),
        (
            {(1, 90): b"\x1b-F", (2, 120): "Το πλοίο επιστρέφει".encode("iso-8859-7")},
            "Το πλοίο επιστρέφει",
        ),
        ({(2, 120): "Grüße aus Köln".encode("cp1252")}, "Grüße aus Köln"),
        (
            {(2, 120): "Καύσωνας στην Αθήνα: νέα μέτρα".encode("cp1253")},
            "Καύσωνας στην Αθήνα: νέα μέτρα",
        ),
    ],
)
def test_iptc_iim_text_is_read_in_its_character_set(fields, caption):
    data = images.iptc_jpeg(Image.new("RGB", (40, 30)), fields)
    assert _inspect(data).metadata.caption == caption


# --- Images too tall or too wide for a format


@pytest.mark.parametrize("size", [(1080, 17_000), (17_000, 600), (60, 70_000), (120, 40_000)])
def test_an_accepted_image_always_gets_its_renditions_within_each_formats_limits(
    size, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_RENDITION_WIDTHS = [1080, 320]
    settings.MEDIA_RENDITION_FORMATS = ["jpeg", "webp"] + (
        ["avif"] if pipeline.SUPPORTS_AVIF else []
    )
    settings.MEDIA_RENDITION_CROPS = {"social": {"size": [1200, 630], "formats": ["jpeg"]}}
    data = images.encode(Image.new("RGB", size, (30, 60, 90)), "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_create(image=SimpleUploadedFile("infographic.png", data))
    photo.refresh_from_db()
    assert photo.rendition_status == "ready", photo.rendition_error
    assert photo.renditions.count() == len(settings.MEDIA_RENDITION_FORMATS) * 2 + 1
    for rendition in photo.renditions.all():
        limit = pipeline.MAX_SIDE[rendition.format]
        assert max(rendition.width, rendition.height) <= limit
        with rendition.file.open("rb") as stored:
            assert Image.open(stored).size == (rendition.width, rendition.height)  # readable
        ratio = rendition.width / rendition.height
        if rendition.spec_name != "social.jpeg":
            assert ratio == pytest.approx(size[0] / size[1], rel=0.05)


def test_an_image_that_no_encoder_takes_is_marked_failed_once(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_RENDITION_WIDTHS = [160]
    settings.MEDIA_RENDITION_FORMATS = ["webp"]
    settings.MEDIA_RENDITION_CROPS = {}

    def refuse(image, image_format, quality):
        raise ValueError("encoding error 5: the encoder refuses this image")

    monkeypatch.setattr(encoders, "encode", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_create(image=SimpleUploadedFile("p.jpg", images.jpeg_bytes(200, 100)))
    photo.refresh_from_db()
    assert photo.rendition_status == "failed" and "cannot be encoded" in photo.rendition_error
    assert photo_generate_renditions(photo_id=photo.pk) == 0
    from datetime import timedelta

    assert photo.pk not in photos_needing_renditions(pending_for=timedelta(seconds=-1))
    assert Photo.objects.get(pk=photo.pk).rendition_status == "failed"
