"""Renditions as a photo editor checks them: no moiré from fine detail, the same rendition
whatever else is asked for, and the same bytes in every worker process."""

import io
import math
import subprocess
import sys

import pytest
from PIL import Image, ImageStat

from media import pipeline
from media.colour import SRGB_ICC
from media.pipeline import RenditionSpec, render
from tests import images

MAX_PIXELS = 100_000_000
WIDTHS = (2048, 1600, 1024, 640, 320)


def _stripes(width: int, height: int, period: float, amplitude: int = 90) -> Image.Image:
    """Grey stripes finer than any rendition can show: every rendition should be flat grey."""
    row = bytes(round(128 + amplitude * math.sin(2 * math.pi * x / period)) for x in range(width))
    return Image.frombytes("L", (width, height), row * height)


def _weave(width: int, height: int) -> Image.Image:
    """A cloth-like weave: two fine diagonal patterns over a smooth photo."""
    photo = images.photo_like(width, height).convert("L")
    pattern = Image.frombytes(
        "L",
        (width, height),
        bytes(
            round(40 * math.sin(0.78 * (x + y)) + 40 * math.sin(0.71 * (x - y))) % 256
            for y in range(height)
            for x in range(width)
        ),
    )
    return Image.blend(photo, pattern, 0.35).convert("RGB")


def _grid(width: int, height: int, step: int = 9) -> Image.Image:
    """A chart's grid: 1 px dark lines on white."""
    image = Image.new("RGB", (width, height), (250, 250, 250))
    for x in range(0, width, step):
        image.paste((30, 30, 60), (x, 0, x + 1, height))
    for y in range(0, height, step):
        image.paste((30, 30, 60), (0, y, width, y + 1))
    return image


def _decoded(rendered) -> Image.Image:
    image = Image.open(io.BytesIO(rendered.data))
    image.load()
    return image


def _spread(image: Image.Image) -> float:
    return max(ImageStat.Stat(image.convert("L")).stddev)


@pytest.mark.parametrize("width", [1024, 640])
def test_a_fine_pattern_in_a_jpeg_comes_out_without_moire(width):
    # Shrunk on load by 2 and then 1.2 by Lanczos, these stripes came out as bands of 40 levels.
    source = images.encode(_stripes(2400, 600, period=2.3).convert("RGB"), "JPEG", quality=98)
    spec = RenditionSpec(f"w{width}.jpeg", "jpeg", width, quality=95)
    (rendered,) = render(source, [spec], max_pixels=MAX_PIXELS)
    assert _spread(_decoded(rendered)) < 3


def test_a_woven_fabric_keeps_its_look():
    source = images.encode(_weave(2400, 1600), "JPEG", quality=92)
    reference = Image.open(io.BytesIO(source)).convert("RGB")
    spec = RenditionSpec("w1024.jpeg", "jpeg", 1024, quality=95)
    rendered = _decoded(render(source, [spec], max_pixels=MAX_PIXELS)[0])
    assert images.psnr(rendered, reference.resize(rendered.size, Image.LANCZOS)) > 38


@pytest.mark.parametrize("width", [320, 240, 160])
def test_a_large_reduction_of_fine_stripes_is_flat(width):
    # Averaged by 3 before the Lanczos pass, these stripes came back as a faint moiré.
    source = images.encode(_stripes(3000, 400, period=2.6).convert("RGB"), "PNG")
    spec = RenditionSpec(f"w{width}.webp", "webp", width, quality=100)
    (rendered,) = render(source, [spec], max_pixels=MAX_PIXELS)
    assert _spread(_decoded(rendered)) < 1


def test_a_rendition_is_the_same_whatever_else_is_asked_for():
    # Resized one from another, the smaller widths of a chart came out darker (each pass clips
    # its own ringing), the more so the more widths were asked for.
    grid = _grid(2600, 1700)
    source = images.encode(grid, "PNG")
    specs = [RenditionSpec(f"w{w}.webp", "webp", w, quality=100) for w in WIDTHS]
    together = render(source, specs, max_pixels=MAX_PIXELS)
    for spec, rendered in zip(specs, together, strict=True):
        (alone,) = render(source, [spec], max_pixels=MAX_PIXELS)
        assert alone.data == rendered.data, spec.name
        expected = grid.resize((rendered.width, rendered.height), Image.LANCZOS).convert("L")
        assert ImageStat.Stat(_decoded(rendered).convert("L")).mean[0] == pytest.approx(
            ImageStat.Stat(expected).mean[0], abs=1
        )


def test_a_width_keeps_the_sources_proportions_however_it_was_decoded():
    # 1008 × 683 decoded at half size for 160 px is 504 × 342: 160 px wide is 108 high from the
    # source's proportions, 109 from the decoded copy's.
    source = images.encode(images.photo_like(1008, 683), "JPEG")
    assert pipeline.decode(
        source, [RenditionSpec("w", "jpeg", 160)], max_pixels=MAX_PIXELS
    ).size == (504, 342)
    (narrow,) = render(source, [RenditionSpec("w160.jpeg", "jpeg", 160)], max_pixels=MAX_PIXELS)
    assert (narrow.width, narrow.height) == _decoded(narrow).size == (160, 108)


def test_a_rendition_carries_none_of_the_sources_metadata():
    source = images.encode(
        images.photo_like(600, 400), "JPEG", comment=b"Shot for a private client"
    )
    for spec in (RenditionSpec("w320.jpeg", "jpeg", 320), RenditionSpec("full.jpeg", "jpeg", 600)):
        (rendered,) = render(source, [spec], max_pixels=MAX_PIXELS)
        assert b"private client" not in rendered.data and "comment" not in _decoded(rendered).info


def test_every_process_writes_the_same_bytes():
    # LittleCMS dates each profile it makes; a worker started a second later embedded another.
    assert SRGB_ICC[24:36] == bytes.fromhex("07ea00010001000000000000")
    script = (
        "import sys; from media.pipeline import RenditionSpec, render;"
        "rendered = render(sys.stdin.buffer.read(), [RenditionSpec('w', 'webp', 200)],"
        " max_pixels=10**6); sys.stdout.buffer.write(rendered[0].data)"
    )
    data = images.encode(images.photo_like(300, 200))
    other = subprocess.run(
        [sys.executable, "-c", script], input=data, capture_output=True, check=True
    )
    (here,) = render(data, [RenditionSpec("w", "webp", 200)], max_pixels=10**6)
    assert other.stdout == here.data


@pytest.mark.parametrize("focal_point", [(math.nan, 0.5), (0.5, 1.5), (-0.1, 0)])
def test_a_focal_point_off_the_photo_is_a_clear_error(focal_point):
    source = images.encode(images.photo_like(300, 200))
    with pytest.raises(ValueError, match="focal point is two fractions from 0 to 1"):
        render(
            source,
            [RenditionSpec("sq", "jpeg", 100, 100)],
            focal_point=focal_point,
            max_pixels=10**6,
        )


@pytest.mark.parametrize("image_format", ["gif", "png", "JPEG", ""])
def test_a_rendition_format_no_encoder_writes_is_a_configuration_error(image_format):
    with pytest.raises(ValueError, match="format must be one of"):
        RenditionSpec("broken", image_format, 320)
    assert image_format not in pipeline.OUTPUT_FORMATS


def test_a_jpegs_smaller_sizes_come_from_a_smaller_decode_made_beside_the_full_one(monkeypatch):
    # 3000 px wide: 2048 needs the whole photo (less than a factor of two left otherwise); 640
    # and 320 are served by a decode at half size, made on another thread at the same time.
    source = images.encode(images.photo_like(3000, 2000), "JPEG", quality=90)
    specs = [RenditionSpec(f"w{w}.{f}", f, w) for w in (320, 2048, 640) for f in ("webp", "jpeg")]
    decoded_widths = []
    decode = pipeline._decode
    monkeypatch.setattr(
        pipeline,
        "_decode",
        lambda *args, **kw: (lambda made: decoded_widths.append(made[0].width) or made)(
            decode(*args, **kw)
        ),
    )
    together = render(io.BytesIO(source), specs, max_pixels=MAX_PIXELS)
    assert sorted(decoded_widths) == [1500, 3000]
    assert [r.spec for r in together] == specs
    expected = {}
    for group in ([s for s in specs if s.width < 2048], [s for s in specs if s.width == 2048]):
        base = pipeline.decode(source, group, max_pixels=MAX_PIXELS)
        made = pipeline.render_decoded(base, group, source_size=(3000, 2000))
        expected |= {r.spec: r.data for r in made}
    assert {r.spec: r.data for r in together} == expected
