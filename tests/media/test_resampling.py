"""Resizing: fast_image_resize's Lanczos3 gives Pillow's LANCZOS result, in every mode and box."""

import pytest
from PIL import Image, ImageChops

from media import resampling
from media.pipeline import RenditionSpec, decode, render_decoded
from tests import images

MAX_PIXELS = 100_000_000


def _largest_difference(a: Image.Image, b: Image.Image, min_psnr: float = 55) -> int:
    """The largest difference of any channel of any pixel, in levels of 255; asserts that the
    images are alike on the whole (above `min_psnr` dB) as well."""
    assert a.size == b.size and a.mode == b.mode
    assert images.psnr(a, b) > min_psnr
    extrema = ImageChops.difference(a, b).getextrema()
    return max(high for _, high in extrema) if a.getbands()[1:] else extrema[1]


@pytest.mark.parametrize(
    "source_size, size",
    [
        ((1500, 1001), (1024, 683)),
        ((999, 1333), (640, 854)),  # portrait, odd heights
        ((640, 300), (500, 257)),
        ((3000, 2000), (1024, 683)),  # under twice the gap: still no averaging first
    ],
)
def test_a_resize_gives_pillows_lanczos(source_size, size):
    source = images.photo_like(*source_size)
    ours = resampling.resize(source, size)
    assert ours.size == size and ours.mode == "RGB"
    assert _largest_difference(source.resize(size, Image.LANCZOS), ours) <= 3


@pytest.mark.parametrize(
    "source_size, size", [((2048, 1366), (320, 213)), ((4000, 900), (500, 112))]
)
def test_a_large_reduction_averages_by_halves_first_and_stays_close_to_one_pass(
    monkeypatch, source_size, size
):
    source = images.photo_like(*source_size)
    factors = []
    original = Image.Image.reduce

    def reduce(image, factor, box=None):
        factors.extend(factor if isinstance(factor, tuple) else (factor, factor))
        return original(image, factor, box)

    monkeypatch.setattr(Image.Image, "reduce", reduce)
    ours = resampling.resize(source, size)
    assert factors and all(f & (f - 1) == 0 for f in factors)  # powers of two
    assert images.psnr(ours, source.resize(size, Image.LANCZOS)) > 45


@pytest.mark.parametrize("box", [(210.0, 95.5, 1390.0, 1001.0), (300, 120, 1500, 1120)])
def test_a_box_gives_pillows_lanczos_of_that_box(box):
    source = images.photo_like(1600, 1200)
    size = (800, 614) if box[0] == 210.0 else (120, 100)  # the second halves first (10 times)
    ours = resampling.resize(source, size, box=box)
    fair = source.resize(size, Image.LANCZOS, box=box)
    if box[0] == 210.0:
        assert _largest_difference(fair, ours) <= 3
    else:
        assert images.psnr(fair, ours) > 45


def test_grey_stays_grey():
    source = images.photo_like(900, 600).convert("L")
    ours = resampling.resize(source, (450, 300))
    assert ours.mode == "L"
    assert _largest_difference(source.resize((450, 300), Image.LANCZOS), ours) <= 3


def _on_white(image: Image.Image) -> Image.Image:
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, image.convert("RGBA")).convert("RGB")


def test_alpha_is_premultiplied_as_pillow_does():
    # Magenta under full transparency beside an opaque photo, and a photo seen through varying
    # alpha: the hidden colour must not bleed into the visible pixels (a resize of each channel
    # on its own gives a magenta fringe of 59 levels here). Where alpha nears 0 at the block's
    # corner, the two round their premultiplied values differently, invisibly.
    source = images.photo_like(900, 700).convert("RGBA")
    source.putalpha(images.photo_like(900, 700).convert("L").point(lambda v: 255 - v // 2))
    source.paste((255, 0, 255, 0), (0, 0, 450, 350))
    pillow = source.resize((600, 467), Image.LANCZOS)
    ours = resampling.resize(source, (600, 467))
    assert ours.mode == "RGBA"
    assert _largest_difference(_on_white(pillow), _on_white(ours), min_psnr=50) <= 12
    assert _largest_difference(pillow.getchannel("A"), ours.getchannel("A"), min_psnr=50) <= 12


def test_the_image_info_is_kept():
    source = images.photo_like(400, 300)
    source.info["icc_profile"] = b"profile"
    assert resampling.resize(source, (200, 150)).info["icc_profile"] == b"profile"


def test_a_palette_image_keeps_its_palette():
    source = images.photo_like(600, 500).convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    source.info["transparency"] = 3
    whole = source.resize((400, 333), Image.LANCZOS)
    resized = resampling.resize(source, (400, 333))
    assert resized.mode == "P" and resized.info.get("transparency") == 3
    assert _largest_difference(whole.convert("RGB"), resized.convert("RGB")) == 0


@pytest.mark.parametrize(
    "source_size, size", [((1, 1), (1, 1)), ((3, 2000), (1, 667)), ((2000, 2), (640, 1))]
)
def test_slivers_and_single_pixels(source_size, size):
    source = Image.new("RGB", source_size, (10, 120, 230))
    resized = resampling.resize(source, size)
    assert resized.size == size
    assert resized.getextrema() == ((10, 10), (120, 120), (230, 230))


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


def test_a_pyramid_averages_each_halving_once_and_gives_the_same_resizes(monkeypatch):
    source = images.photo_like(2600, 1736)
    sizes = [(1024, 684), (640, 427), (320, 214), (160, 107), (300, 300)]
    alone = [resampling.resize(source, size) for size in sizes[:4]]
    alone.append(resampling.resize(source, (300, 300), box=(433, 0, 2169, 1736)))
    halvings = []
    original = Image.Image.reduce
    monkeypatch.setattr(
        Image.Image,
        "reduce",
        lambda image, factor, box=None: halvings.append(image.size) or original(image, factor, box),
    )
    pyramid = resampling.Pyramid(source)
    shared = [pyramid.resize(size) for size in sizes[:4]]
    shared.append(pyramid.resize((300, 300), box=(433, 0, 2169, 1736)))
    assert halvings == [(2600, 1736), (1300, 868)]  # each halving once, for every size
    for one, other in zip(alone[:4], shared[:4], strict=True):
        assert one.tobytes() == other.tobytes()
    assert images.psnr(alone[4], shared[4]) > 45


@pytest.mark.parametrize("source_size", [(2049, 1367), (4097, 2050), (2048, 1366)])
def test_a_frame_on_the_edges_comes_out_alike_on_all_four_sides(source_size):
    # A 1 px dark frame: halving an odd side made its last column count twice, so the right and
    # bottom edges came out darker than the left and top.
    width, height = source_size
    framed = Image.new("L", source_size, 230)
    framed.paste(40, (0, 0, width, 1))
    framed.paste(40, (0, height - 1, width, height))
    framed.paste(40, (0, 0, 1, height))
    framed.paste(40, (width - 1, 0, width, height))
    size = (160, round(height * 160 / width))
    ours, fair = resampling.resize(framed, size), framed.resize(size, Image.LANCZOS)
    middle_row, middle_column = size[1] // 2, size[0] // 2
    edges = [
        (0, middle_row),
        (size[0] - 1, middle_row),
        (middle_column, 0),
        (middle_column, size[1] - 1),
    ]
    for edge in edges:
        assert abs(ours.getpixel(edge) - fair.getpixel(edge)) <= 3, edge
