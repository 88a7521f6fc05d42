"""Files of kinds other newsrooms' photo desks send, each once a crash here: the pipeline
renders them, or refuses them with ImageRejected, never another exception; and renditions made
side by side never take each other's settings."""

import io
import struct

import pytest
from PIL import Image, ImageCms

from media import resampling
from media.pipeline import OUTPUT_FORMATS, ImageRejected, RenditionSpec, inspect_image, render
from tests import images

MAX_PIXELS = 100_000_000
LIMITS = {"max_bytes": 50_000_000, "max_pixels": MAX_PIXELS}


def _exif_orientation_as_text(value: bytes) -> bytes:
    """A little-endian EXIF block whose Orientation tag (0x0112) is ASCII, not SHORT."""
    entry = struct.pack("<HHI4s", 0x0112, 2, len(value), value.ljust(4, b"\0"))
    tiff = b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + b"\0\0\0\0"
    return b"Exif\0\0" + tiff


def test_renditions_encoded_side_by_side_keep_their_own_quality():
    source = images.encode(images.photo_like(500, 360), "PNG")
    specs = [
        RenditionSpec("w640.jpeg", "jpeg", 640),
        RenditionSpec("w800.webp", "webp", 800, quality=52),
        RenditionSpec("w1024.jpeg", "jpeg", 1024, quality=95),
        RenditionSpec("w2048.webp", "webp", 2048),
        RenditionSpec("w1600.jpeg", "jpeg", 1600, quality=60),
    ]
    alone = {spec.name: render(source, [spec], max_pixels=MAX_PIXELS)[0].data for spec in specs}
    assert len(set(alone.values())) == len(specs)  # every setting gives other bytes
    for _ in range(8):
        together = render(source, specs, max_pixels=MAX_PIXELS)
        assert {r.spec.name: r.data for r in together} == alone


def test_cmyk_jpeg_labelled_with_an_rgb_profile_is_converted_without_it():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    cmyk = Image.new("CMYK", (300, 200), (0, 255, 255, 0))  # red in CMYK
    data = images.encode(cmyk, "JPEG", icc_profile=srgb, quality=95)
    result = render(data, [RenditionSpec("w160.jpeg", "jpeg", 160)], max_pixels=MAX_PIXELS)[0]
    red, green, blue = Image.open(io.BytesIO(result.data)).convert("RGB").getpixel((80, 50))
    assert red > 200 and green < 60 and blue < 60


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.9])
def test_a_truncated_png_is_refused_as_damaged(cut):
    png = images.encode(images.photo_like(300, 200), "PNG")
    damaged = png[: int(len(png) * cut)]
    for attempt in (
        lambda: render(damaged, [RenditionSpec("w160.jpeg", "jpeg", 160)], max_pixels=MAX_PIXELS),
        lambda: inspect_image(damaged, **LIMITS),
    ):
        with pytest.raises(ImageRejected, match="damaged or incomplete"):
            attempt()


@pytest.mark.parametrize("value", [b"6\0", b"", b"right-top\0"])
def test_an_orientation_written_as_text_is_no_orientation(value):
    jpeg = images.encode(images.halves((400, 200)), "JPEG", exif=_exif_orientation_as_text(value))
    assert inspect_image(jpeg, **LIMITS).width == 400
    result = render(jpeg, [RenditionSpec("w200.jpeg", "jpeg", 200)], max_pixels=MAX_PIXELS)[0]
    assert (result.width, result.height) == (200, 100)


@pytest.mark.parametrize("width, height", [(0, None), (-320, None), (640, 0)])
def test_a_rendition_of_no_pixels_is_a_configuration_error(width, height):
    with pytest.raises(ValueError, match="at least 1 px"):
        RenditionSpec("broken", "jpeg", width, height)


def test_crops_of_one_size_are_resized_once_and_keep_their_own_settings(monkeypatch):
    source = images.encode(images.photo_like(1200, 800), "PNG")
    specs = [
        RenditionSpec("square.jpeg", "jpeg", 300, 300, quality=95),
        RenditionSpec("square.webp", "webp", 300, 300, quality=52),
        RenditionSpec("card.jpeg", "jpeg", 640, 360),
        RenditionSpec("square-low.jpeg", "jpeg", 300, 300, quality=60),
    ]
    alone = {spec.name: render(source, [spec], max_pixels=MAX_PIXELS)[0].data for spec in specs}
    assert len(set(alone.values())) == len(specs)
    sizes = []
    one_piece = resampling.Pyramid.resize
    monkeypatch.setattr(
        resampling.Pyramid,
        "resize",
        lambda pyramid, size, **kw: sizes.append(size) or one_piece(pyramid, size, **kw),
    )
    together = render(source, specs, max_pixels=MAX_PIXELS)
    assert [r.spec for r in together] == specs
    assert {r.spec.name: r.data for r in together} == alone
    assert sorted(sizes) == [(300, 300), (640, 360)]


@pytest.mark.parametrize("quality", [0, -5, 101, 150])
def test_a_quality_off_the_scale_is_a_configuration_error(quality):
    with pytest.raises(ValueError, match="quality must be 1 to 100"):
        RenditionSpec("broken", "webp", 320, quality=quality)


@pytest.mark.parametrize("image_format", OUTPUT_FORMATS)
def test_every_quality_on_the_scale_encodes_and_lower_asks_for_fewer_bytes(image_format):
    source = images.encode(images.photo_like(400, 300), "PNG")
    sizes = {}
    for quality in (1, 2, 5, 15, 30, 45, 60, 100):
        spec = RenditionSpec("w", image_format, 400, quality=quality)
        sizes[quality] = len(render(source, [spec], max_pixels=MAX_PIXELS)[0].data)
    ordered = [sizes[quality] for quality in (5, 15, 30, 45, 60, 100)]
    assert sizes[1] <= sizes[2] <= sizes[5] and ordered == sorted(set(ordered)), sizes


@pytest.mark.parametrize(
    "source_size, crop",
    [((1, 1), (1, 1000)), ((2000, 3), (1, 1000)), ((321, 123), (1, 1000)), ((3, 2000), (1000, 1))],
)
def test_a_crop_is_never_larger_than_the_photo_holds(source_size, crop):
    source = images.encode(images.photo_like(*source_size), "PNG")
    (made,) = render(source, [RenditionSpec("c", "jpeg", *crop)], max_pixels=MAX_PIXELS)
    assert made.width <= min(crop[0], source_size[0]) and made.height <= min(
        crop[1], source_size[1]
    )
    assert Image.open(io.BytesIO(made.data)).size == (made.width, made.height)
