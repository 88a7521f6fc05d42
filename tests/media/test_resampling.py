"""Resizing in bands on several threads gives the one-piece resize."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image, ImageChops

from media import resampling
from media.pipeline import RenditionSpec, decode, render_decoded
from tests import images

MAX_PIXELS = 100_000_000


def _largest_difference(a: Image.Image, b: Image.Image) -> int:
    """The largest difference of any channel of any pixel, in levels of 255; asserts that the
    images are alike on the whole (above 50 dB PSNR) as well."""
    assert a.size == b.size and a.mode == b.mode
    assert images.psnr(a, b) > 50
    return max(high for _, high in ImageChops.difference(a, b).getextrema())


@pytest.fixture(scope="module")
def pool():
    with ThreadPoolExecutor(max_workers=3) as threads:
        yield threads


@pytest.mark.parametrize(
    "source_size, size, bands",
    [
        ((1500, 1001), (1024, 683), 2),
        ((1500, 1001), (1024, 683), 3),
        ((999, 1333), (640, 854), 2),  # portrait, odd heights
        ((640, 300), (500, 257), 2),  # two bands of at least MIN_BAND_ROWS
    ],
)
def test_bands_give_the_one_piece_resize(pool, source_size, size, bands):
    source = images.photo_like(*source_size)
    whole = source.resize(size, Image.LANCZOS)
    banded = resampling.resize(source, size, pool=pool, bands=bands)
    assert banded.size == size
    assert _largest_difference(whole, banded) <= 2


def test_bands_of_a_box_give_the_one_piece_resize_of_that_box(pool):
    source = images.photo_like(1600, 1200)
    box = (210.0, 95.5, 1390.0, 1001.0)
    whole = source.resize((800, 614), Image.LANCZOS, box=box)
    banded = resampling.resize(source, (800, 614), box=box, pool=pool, bands=2)
    assert _largest_difference(whole, banded) <= 2


@pytest.mark.parametrize("box", [None, (300, 120, 3300, 2120)])
def test_a_large_reduction_reduces_first_as_pillows_reducing_gap_does(pool, box):
    source = images.photo_like(3600, 2400)
    size = (400, 267) if box is None else (450, 300)
    pillow = source.resize(size, Image.LANCZOS, box=box, reducing_gap=resampling.REDUCING_GAP)
    ours = resampling.resize(source, size, box=box, pool=pool, bands=2)
    assert _largest_difference(pillow, ours) <= 2


def test_a_small_image_is_resized_in_one_piece():
    class NoPool:
        def map(self, *args):
            raise AssertionError("a resize of fewer rows than two bands used the pool")

    source = images.photo_like(400, 300)
    resized = resampling.resize(source, (320, 240), pool=NoPool(), bands=2)
    assert _largest_difference(resized, source.resize((320, 240), Image.LANCZOS)) == 0


def test_renditions_come_back_in_the_order_asked_whatever_order_they_are_encoded_in():
    base = decode(images.encode(images.photo_like(1200, 800)), max_pixels=MAX_PIXELS)
    specs = [
        RenditionSpec("w320.jpeg", "jpeg", 320),
        RenditionSpec("w1024.webp", "webp", 1024),
        RenditionSpec("square.jpeg", "jpeg", 300, 300),
        RenditionSpec("w640.webp", "webp", 640),
        RenditionSpec("w1024.jpeg", "jpeg", 1024),
    ]
    rendered = render_decoded(base, specs)
    assert [r.spec for r in rendered] == specs
    assert [(r.width, r.height) for r in rendered] == [
        (320, 213),
        (1024, 683),
        (300, 300),
        (640, 427),
        (1024, 683),
    ]


def _on_white(image: Image.Image) -> Image.Image:
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, image.convert("RGBA")).convert("RGB")


def test_bands_of_an_image_with_alpha_give_the_one_piece_resize_as_it_is_shown(pool):
    source = images.photo_like(900, 700).convert("RGBA")
    source.putalpha(images.photo_like(900, 700).convert("L"))
    whole = source.resize((600, 467), Image.LANCZOS)
    banded = resampling.resize(source, (600, 467), pool=pool, bands=2)
    assert banded.mode == "RGBA"
    assert _largest_difference(_on_white(whole), _on_white(banded)) <= 2


def test_a_palette_image_keeps_its_palette(pool):
    source = images.photo_like(600, 500).convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    source.info["transparency"] = 3
    whole = source.resize((400, 333), Image.LANCZOS)
    banded = resampling.resize(source, (400, 333), pool=pool, bands=2)
    assert banded.mode == "P" and banded.info.get("transparency") == 3
    assert _largest_difference(whole.convert("RGB"), banded.convert("RGB")) == 0
