import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from media.models import Photo
from tests import images
from tests.factories import editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_specs(settings):
    settings.MEDIA_RENDITION_WIDTHS = [160, 320]
    settings.MEDIA_RENDITION_FORMATS = ["jpeg", "webp"]
    settings.MEDIA_RENDITION_CROPS = {}


def _post(client, data: bytes, name: str, **fields):
    return client.post(
        "/admin/media/photo/add/",
        {
            "image": SimpleUploadedFile(name, data),
            "caption": "",
            "alt_text": "",
            "photographer": "",
            "agency": "",
            "credit_line_override": "",
            "copyright_notice": "",
            "focal_point_x": "0.5",
            "focal_point_y": "0.5",
            "renditions-TOTAL_FORMS": "0",
            "renditions-INITIAL_FORMS": "0",
            **fields,
        },
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"Just some words.", "photo.jpg", "not an image"),
        (b"", "empty.jpg", "The submitted file is empty"),
        (images.decompression_bomb_png(), "bomb.png", "megapixels"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
            "x.svg",
            "not an image",
        ),
    ],
)
def test_admin_upload_refuses_bad_files_with_the_reason(client, data, name, message):
    client.force_login(editor("ed"))
    response = _post(client, data, name)
    assert response.status_code == 200 and message in response.text
    assert not Photo.objects.exists()


def test_admin_upload_makes_renditions_and_shows_them(client, django_capture_on_commit_callbacks):
    client.force_login(editor("ed"))
    data = images.iptc_jpeg(images.photo_like(480, 320), {(2, 80): "Jane Doe", (2, 110): "AFP"})
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, data, "photo.jpg", caption="Boats in the harbour.")
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.credit_line == "AFP/Jane Doe" and photo.rendition_status == "ready"
    page = client.get(f"/admin/media/photo/{photo.pk}/change/")
    assert "w320.webp" in page.text and " KB" in page.text and "Ready" in page.text
    listing = client.get("/admin/media/photo/")
    assert "Boats in the harbour." in listing.text


def test_admin_upload_over_the_size_limit_is_refused(client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 2000
    client.force_login(editor("ed"))
    response = _post(client, images.encode(images.photo_like(400, 300)), "big.jpg")
    assert response.status_code == 200 and "the limit is" in response.text
    assert not Photo.objects.exists()


@pytest.mark.parametrize("kind", ["16-bit TIFF", "CMYK JPEG", "animated WebP"])
def test_admin_upload_accepts_unusual_real_images(client, kind, django_capture_on_commit_callbacks):
    import io

    from PIL import Image

    if kind == "16-bit TIFF":
        data, name = images.encode(Image.new("I;16", (300, 200), 30000), "TIFF"), "a.tif"
    elif kind == "CMYK JPEG":
        data, name = images.encode(Image.new("CMYK", (300, 200), (0, 200, 200, 0)), "JPEG"), "a.jpg"
    else:
        frames = [Image.new("RGB", (300, 200), c) for c in ("red", "blue")]
        buffer = io.BytesIO()
        frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=100)
        data, name = buffer.getvalue(), "a.webp"
    client.force_login(editor("ed"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, data, name, caption=f"A {kind}.")
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (300, 200) and photo.rendition_status == "ready"


def test_the_photo_list_shows_thumbnail_renditions_not_originals(
    client, django_capture_on_commit_callbacks
):
    client.force_login(editor("ed"))
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, images.encode(images.photo_like(480, 320)), "harbour.jpg", caption="Quay.")
    photo = Photo.objects.get()
    thumbnail = photo.renditions.get(spec_name="w160.jpeg").file.url
    listing = client.get("/admin/media/photo/").text
    assert thumbnail in listing and photo.image.url not in listing


def test_deleting_a_photo_deletes_its_files(client, django_capture_on_commit_callbacks):
    client.force_login(editor("ed"))
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, images.encode(images.photo_like(480, 320)), "gone.jpg", caption="Gone.")
    photo = Photo.objects.get()
    files = [photo.image] + [rendition.file for rendition in photo.renditions.all()]
    assert all(file.storage.exists(file.name) for file in files)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()  # by an administrator (editors may not), or a cleanup
    assert not any(file.storage.exists(file.name) for file in files)


def test_a_name_typed_on_a_mac_keeps_its_accents(client, django_capture_on_commit_callbacks):
    client.force_login(editor("ed"))
    decomposed = unicodedata.normalize("NFD", "Київ Größe.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, images.encode(images.photo_like(200, 150)), decomposed, caption="Kyiv.")
    assert Photo.objects.get().image.name.endswith("Київ_Größe.jpg")
