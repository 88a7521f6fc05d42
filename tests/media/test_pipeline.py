"""The pure image pipeline, on images made in memory."""

import io

import pytest
from PIL import Image, ImageOps

from media import pipeline
from media.colour import SRGB_ICC
from media.pipeline import ImageRejected, RenditionSpec, crop_box, inspect_image, render
from tests import images

MAX_PIXELS = 100_000_000
WIDTHS = [RenditionSpec(f"w{w}.{f}", f, w) for w in (320, 640, 1024) for f in ("jpeg", "webp")]
CROPS = [
    RenditionSpec("card.jpeg", "jpeg", 640, 360),
    RenditionSpec("square.jpeg", "jpeg", 300, 300),
]


def _open(rendered) -> Image.Image:
    image = Image.open(io.BytesIO(rendered.data))
    image.load()
    return image


def _by_name(results):
    return {r.spec.name: r for r in results}


def _close(pixel, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], expected, strict=True))


def test_specs_from_settings_names_widths_formats_and_crops():
    specs = pipeline.specs_from_settings(
        widths=[640, 320],
        formats=["jpeg", "webp", "gif"],
        crops={"social": {"size": [1200, 630], "formats": ["jpeg"]}},
    )
    assert [s.name for s in specs] == [
        "w320.jpeg",
        "w320.webp",
        "w640.jpeg",
        "w640.webp",
        "social.jpeg",
    ]
    assert specs[-1].is_crop and (specs[-1].width, specs[-1].height) == (1200, 630)


def test_exif_orientation_is_applied():
    # Stored 400×200, left red and right blue; orientation 6 means "turn 90° clockwise".
    source = images.with_orientation(images.halves((400, 200)), 6)
    (result,) = render(source, [RenditionSpec("w320.jpeg", "jpeg", 320)], max_pixels=MAX_PIXELS)
    image = _open(result)
    assert image.size == (result.width, result.height) == (200, 400)  # never upscaled, upright
    assert _close(image.getpixel((100, 20)), (255, 0, 0))  # the red half is now on top
    assert _close(image.getpixel((100, 380)), (0, 0, 255))
    info = inspect_image(source, max_bytes=10**7, max_pixels=MAX_PIXELS)
    assert (info.width, info.height) == (200, 400)


@pytest.mark.parametrize("orientation", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255])
def test_upright_size_from_the_header_matches_the_decoded_photo(orientation):
    # 300×120 stored: orientations 5-8 turn it a quarter, the rest (and numbers EXIF does not
    # define) keep its sides.
    source = images.with_orientation(images.halves((300, 120)), orientation)
    decoded = ImageOps.exif_transpose(Image.open(io.BytesIO(source)))
    info = inspect_image(source, max_bytes=10**7, max_pixels=MAX_PIXELS)
    assert (info.width, info.height) == decoded.size
    assert pipeline.decode(source, max_pixels=MAX_PIXELS).size == decoded.size
    assert decoded.size == ((120, 300) if 5 <= orientation <= 8 else (300, 120))


def test_cmyk_jpeg_comes_out_rgb():
    source = images.encode(Image.new("CMYK", (200, 100), (0, 255, 255, 0)), "JPEG")
    results = _by_name(render(source, WIDTHS, max_pixels=MAX_PIXELS))
    for name in ("w320.jpeg", "w320.webp"):
        image = _open(results[name])
        assert image.mode == "RGB" and _close(image.getpixel((50, 50)), (255, 0, 0), 30)


def test_transparency_is_flattened_on_white_for_jpeg_and_kept_for_webp():
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 100, 100))
    results = _by_name(render(images.encode(image, "PNG"), WIDTHS, max_pixels=MAX_PIXELS))
    jpeg, webp = _open(results["w320.jpeg"]), _open(results["w320.webp"])
    assert jpeg.mode == "RGB" and _close(jpeg.getpixel((180, 50)), (255, 255, 255), 3)
    assert _close(jpeg.getpixel((20, 50)), (0, 128, 0))
    assert webp.mode == "RGBA" and webp.getpixel((180, 50))[3] == 0


def test_palette_image_with_transparency():
    image = Image.new("P", (120, 60), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (60, 0, 120, 60))
    source = images.encode(image, "PNG", transparency=1)
    jpeg = _open(_by_name(render(source, WIDTHS, max_pixels=MAX_PIXELS))["w320.jpeg"])
    assert _close(jpeg.getpixel((10, 30)), (255, 0, 0)) and _close(
        jpeg.getpixel((110, 30)), (255, 255, 255)
    )


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_sixteen_bit_greyscale_is_scaled_not_clipped(fmt):
    source = images.encode(Image.new("I;16", (200, 100), 32768), fmt)
    image = _open(render(source, WIDTHS[:1], max_pixels=MAX_PIXELS)[0])
    assert abs(image.convert("L").getpixel((50, 50)) - 128) <= 2


def test_greyscale_with_alpha():
    source = images.encode(Image.new("LA", (100, 50), (90, 255)), "PNG")
    image = _open(_by_name(render(source, WIDTHS, max_pixels=MAX_PIXELS))["w320.jpeg"])
    assert _close(image.convert("RGB").getpixel((10, 10)), (90, 90, 90), 3)


def test_wide_gamut_profile_is_converted_to_srgb():
    # Expected from the colorimetry, worked out independently of LittleCMS:
    # wide-gamut (120, 160, 90) → linear → 3×3 matrix to sRGB linear → sRGB curve = (99, 161, 85).
    source = images.encode(
        Image.new("RGB", (64, 64), (120, 160, 90)), "PNG", icc_profile=images.wide_gamut_icc()
    )
    image = _open(_by_name(render(source, WIDTHS, max_pixels=MAX_PIXELS))["w320.webp"])
    assert _close(image.getpixel((5, 5)), (99, 161, 85), 2)
    assert image.info.get("icc_profile") == SRGB_ICC


def test_small_image_is_never_upscaled():
    source = images.encode(images.photo_like(100, 80), "JPEG")
    results = render(source, WIDTHS + CROPS, max_pixels=MAX_PIXELS)
    assert len(results) == len(WIDTHS + CROPS)
    for result in results:
        assert result.width <= 100 and result.height <= 80
        assert _open(result).size == (result.width, result.height)
    square = _by_name(results)["square.jpeg"]
    assert (square.width, square.height) == (80, 80)


def test_animated_gif_uses_its_first_frame():
    frames = [Image.new("RGB", (120, 80), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    image = _open(render(buffer.getvalue(), WIDTHS[:1], max_pixels=MAX_PIXELS)[0])
    assert _close(image.getpixel((10, 10)), (255, 0, 0))


@pytest.mark.parametrize(
    ("focal", "expected_left"),
    [((0.0, 0.5), 0), ((1.0, 0.5), 500), ((0.5, 0.5), 250), ((0.3, 0.0), 50)],
)
def test_focal_point_crops_stay_inside_the_image(focal, expected_left):
    assert crop_box((1000, 500), 1.0, focal) == (expected_left, 0, expected_left + 500, 500)


def test_focal_point_crop_takes_the_right_part_of_the_picture():
    # Red left half, blue right half; a square crop around a focal point at the right edge.
    source = images.encode(images.halves((1000, 500)), "PNG")
    results = render(
        source,
        [RenditionSpec("square.jpeg", "jpeg", 200, 200)],
        focal_point=(1.0, 0.5),
        max_pixels=MAX_PIXELS,
    )
    image = _open(results[0])
    assert image.size == (200, 200) and _close(image.getpixel((100, 100)), (0, 0, 255))
    tall = crop_box((1000, 500), 16 / 9, (0.5, 1.0))
    assert tall == (56, 0, 945, 500)


def test_exif_and_gps_are_stripped_and_jpeg_is_progressive():
    source = images.with_gps(images.photo_like(800, 600))
    assert Image.open(io.BytesIO(source)).getexif()
    for result in render(source, WIDTHS, max_pixels=MAX_PIXELS):
        image = _open(result)
        assert not image.getexif() and "exif" not in image.info
        if result.spec.format == "jpeg":
            assert image.info.get("progressive") or image.info.get("progression")


@pytest.mark.skipif(not pipeline.SUPPORTS_AVIF, reason="this Pillow cannot encode AVIF")
def test_avif_where_supported():
    result = render(
        images.encode(images.photo_like(400, 300)),
        [RenditionSpec("w320.avif", "avif", 320)],
        max_pixels=MAX_PIXELS,
    )[0]
    assert _open(result).format == "AVIF" and result.width == 320


def test_shrink_on_load_then_lanczos_matches_a_full_decode_lanczos_resize():
    source = images.encode(images.photo_like(3000, 2000), "JPEG", quality=92)
    specs = [RenditionSpec(f"w{w}.jpeg", "jpeg", w, quality=100) for w in (320, 640, 1024, 1400)]
    # The largest asks for 1400 px: shrink-on-load leaves it a factor of two (3000, no shrink);
    # alone, 320 px is decoded at 750 (a factor of 4 on load, 2.3 left to the Lanczos pass).
    assert pipeline.decode(source, specs, max_pixels=MAX_PIXELS).width == 3000
    assert pipeline.decode(source, specs[:1], max_pixels=MAX_PIXELS).width == 750
    full = Image.open(io.BytesIO(source))
    for spec in specs:
        for rendered in (
            render(source, specs, max_pixels=MAX_PIXELS)[specs.index(spec)],
            render(source, [spec], max_pixels=MAX_PIXELS)[0],
        ):
            image = _open(rendered)
            reference = full.resize(image.size, Image.LANCZOS)
            # Within a decibel of what the JPEG encoder itself leaves of the reference.
            encoded = Image.open(io.BytesIO(images.encode(reference, "JPEG", quality=100)))
            best = images.psnr(encoded, reference)
            assert images.psnr(image, reference) > best - 1, spec.name


# --- Validation


def _reject(data, **limits):
    with pytest.raises(ImageRejected) as rejected:
        inspect_image(
            data,
            max_bytes=limits.get("max_bytes", 10**7),
            max_pixels=limits.get("max_pixels", MAX_PIXELS),
        )
    return str(rejected.value)


def test_validation_refuses_bad_files_with_reasons():
    jpeg = images.encode(images.photo_like(400, 300), "JPEG")
    assert "empty" in _reject(b"")
    assert "damaged or incomplete" in _reject(jpeg[: len(jpeg) // 2])
    assert "not an image" in _reject(b"Dear editor, this is a text file named photo.jpg\n")
    assert "not an image" in _reject(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    assert "not an image" in _reject(
        b"<!DOCTYPE html><html><body><script>x()</script></body></html>"
    )
    assert "2500 megapixels; the limit is 100" in _reject(images.decompression_bomb_png())
    assert "12000 × 10000 pixels" in _reject(images.decompression_bomb_png(12_000, 10_000))
    assert f"The file is {len(jpeg) / 1e6:.3g} MB; the limit is 0.0001 MB" in _reject(
        jpeg, max_bytes=100
    )
    assert "BMP images are not accepted" in _reject(images.encode(Image.new("RGB", (4, 4)), "BMP"))


def test_validation_accepts_real_images_and_reports_their_size():
    cases = {
        "JPEG": images.encode(images.photo_like(300, 200), "JPEG"),
        "CMYK JPEG": images.encode(Image.new("CMYK", (300, 200)), "JPEG"),
        "16-bit TIFF": images.encode(Image.new("I;16", (300, 200), 1000), "TIFF"),
        "PNG": images.encode(Image.new("RGBA", (300, 200)), "PNG"),
    }
    frames = [Image.new("RGB", (300, 200), c) for c in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    cases["animated WebP"] = buffer.getvalue()
    for label, data in cases.items():
        info = inspect_image(data, max_bytes=10**7, max_pixels=MAX_PIXELS)
        assert (info.width, info.height) == (300, 200), label


def test_metadata_is_read_from_iptc():
    data = images.iptc_jpeg(
        Image.new("RGB", (40, 30)),
        {
            (2, 120): "Ministers meet in Kyiv.",
            (2, 80): "Jane Doe",
            (2, 110): "EPA-EFE",
            (2, 116): "© EPA",
        },
    )
    metadata = inspect_image(data, max_bytes=10**7, max_pixels=MAX_PIXELS).metadata
    assert metadata == pipeline.EmbeddedMetadata(
        "Ministers meet in Kyiv.", "Jane Doe", "EPA-EFE", "© EPA"
    )


def test_metadata_is_read_from_xmp():
    xmp = images.xmp_packet(
        description="Ferry at dawn.", creator="Anna de Vries", credit="NWP", rights="© NWP"
    )
    data = images.encode(Image.new("RGB", (40, 30)), "JPEG", xmp=xmp)
    metadata = inspect_image(data, max_bytes=10**7, max_pixels=MAX_PIXELS).metadata
    assert metadata == pipeline.EmbeddedMetadata("Ferry at dawn.", "Anna de Vries", "NWP", "© NWP")


def test_broken_metadata_is_ignored():
    data = images.encode(Image.new("RGB", (40, 30)), "JPEG", xmp=b"<not-xml")
    assert (
        inspect_image(data, max_bytes=10**7, max_pixels=MAX_PIXELS).metadata
        == pipeline.EmbeddedMetadata()
    )
