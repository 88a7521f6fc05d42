"""The image pipeline: bytes in, validated metadata or encoded renditions out.

Pure functions on Pillow, with fast_image_resize for resampling: no ORM, no storage. The source
is decoded once for a whole set of renditions, at the smallest scale the largest rendition allows
(JPEG shrink-on-load with `Image.draft`), turned upright, converted to sRGB, then resized largest
to smallest with `reduce()` before a Lanczos3 pass (`media/resampling.py`), each size's
renditions encoded in a pool of threads while the next size is made; crops of one size are
resized once."""

import io
import math
import os
import re
import struct
import warnings
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, BinaryIO

from PIL import (
    Image,
    ImageFile,
    ImageOps,
    UnidentifiedImageError,
    features,
)

from . import resampling
from .colour import SRGB_ICC, to_eight_bit, to_srgb
from .geometry import crop_box, crop_size
from .metadata import EmbeddedMetadata, read_metadata

ImageFile.LOAD_TRUNCATED_IMAGES = False
# The pipeline applies its own, configurable pixel limit right after reading the header, with a
# clear message; Pillow's warning below its hard limit would only repeat it.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

SUPPORTS_AVIF = features.check("avif")
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF", "GIF"} | ({"AVIF"} if SUPPORTS_AVIF else set())
# Formats that are another one underneath: a Multi-Picture Format file (CIPA DC-007, written by
# phones and cameras with a depth map or a preview) is a JPEG whose first image is the photo.
_SAME_AS = {"MPO": "JPEG"}
# The largest side each format is written and read back with: libwebp's WEBP_MAX_DIMENSION,
# libjpeg's JPEG_MAX_DIMENSION, and libavif's default dimension limit for decoding (an AVIF can
# be encoded larger, but readers refuse it). A rendition that would be larger is made as large
# as the format allows, keeping the proportions.
MAX_SIDE = {"webp": 16_383, "jpeg": 65_500, "avif": 32_768}
OUTPUT_FORMATS = ("jpeg", "webp", "avif") if SUPPORTS_AVIF else ("jpeg", "webp")
# libwebp's effort: 2 encodes about twice as fast as the default 4 for slightly larger files.
WEBP_METHOD = 2
# Threads that resize, crop and encode side by side (the GIL is released for all three).
RENDER_THREADS = max(1, min(4, os.cpu_count() or 1))
# libavif's speed: 9 is about four times faster than 8 here, at a similar size to WebP.
AVIF_SPEED = 9
# How much of a reduction JPEG shrink-on-load leaves to the Lanczos pass, at least.
SHRINK_ON_LOAD_MARGIN = 2.0
# How slow each encoder is per pixel against JPEG's, as measured here: to start the slowest first.
ENCODING_EFFORT = {"jpeg": 1, "webp": 2, "avif": 4}

_ORIENTATION_TAG = 0x0112
# Markup that has no business inside a photograph: a file that is both an image and a page can
# be served as a page by a careless proxy.
_MARKUP = re.compile(rb"<(?:script|html|svg|iframe|!doctype|body)[\s>/]", re.IGNORECASE)


class ImageRejected(ValueError):
    """The file is not an image this newsroom accepts; the message says why."""


@dataclass(frozen=True)
class RenditionSpec:
    """A named output: a width in a format, or, with a height, a crop around the focal point."""

    name: str
    format: str
    width: int
    height: int | None = None
    quality: int = 82

    def __post_init__(self):
        if self.width < 1 or (self.height is not None and self.height < 1):
            raise ValueError(f"Rendition {self.name}: width and height must be at least 1 px.")
        if not 1 <= self.quality <= 100:
            raise ValueError(f"Rendition {self.name}: quality must be 1 to 100 (JPEG's scale).")
        if self.format not in OUTPUT_FORMATS:
            raise ValueError(f"Rendition {self.name}: format must be one of {OUTPUT_FORMATS}.")

    @property
    def is_crop(self) -> bool:
        return self.height is not None


@dataclass(frozen=True)
class Rendered:
    spec: RenditionSpec
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int
    metadata: EmbeddedMetadata


def specs_from_settings(
    *, widths: Iterable[int], formats: Iterable[str], crops: dict[str, dict]
) -> list[RenditionSpec]:
    """Responsive widths in each format, plus named crops.

    `crops` maps a name to {"size": [width, height], "formats": [...]}.
    """
    formats = [f for f in formats if f in OUTPUT_FORMATS]
    specs = [RenditionSpec(f"w{w}.{fmt}", fmt, w) for w in sorted(widths) for fmt in formats]
    for name, crop in crops.items():
        width, height = crop["size"]
        for fmt in crop.get("formats", formats):
            if fmt in OUTPUT_FORMATS:
                specs.append(RenditionSpec(f"{name}.{fmt}", fmt, width, height))
    return specs


# --- Opening and validating -------------------------------------------------------------------


def _open(source: bytes | BinaryIO, *, max_pixels: int) -> Image.Image:
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        image = Image.open(stream)
    except Image.DecompressionBombError as error:
        # Pillow's own guard fired first (far beyond our limit): say it in the same words.
        claimed = re.search(r"\((\d+) pixels\)", str(error))
        pixels = int(claimed.group(1)) if claimed else 0
        raise ImageRejected(
            f"The image claims {pixels / 1e6:.0f} megapixels; the limit is "
            f"{max_pixels / 1e6:.0f} megapixels."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRejected(
            f"This is not an image in a supported format ({', '.join(sorted(ACCEPTED_FORMATS))})."
        ) from None
    if _SAME_AS.get(image.format, image.format) not in ACCEPTED_FORMATS:
        raise ImageRejected(
            f"{image.format} images are not accepted; use {', '.join(sorted(ACCEPTED_FORMATS))}."
        )
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRejected("The image has no pixels.")
    if width * height > max_pixels:
        raise ImageRejected(
            f"The image claims {width} × {height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"the limit is {max_pixels / 1e6:.0f} megapixels."
        )
    return image


def _load(image: Image.Image) -> None:
    try:
        image.load()
    except Image.DecompressionBombError as error:
        raise ImageRejected(f"The image is too large to process safely ({error}).") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise ImageRejected(
            f"The image file is damaged or incomplete and cannot be decoded ({error})."
        ) from None


def inspect_image(source: bytes | BinaryIO, *, max_bytes: int, max_pixels: int) -> ImageInfo:
    """Validate an upload before anything is stored: format, size, pixels, and a full decode."""
    data = source if isinstance(source, bytes | bytearray) else source.read()
    if not data:
        raise ImageRejected("The file is empty.")
    if len(data) > max_bytes:
        raise ImageRejected(
            f"The file is {len(data) / 1e6:.3g} MB; the limit is {max_bytes / 1e6:.3g} MB."
        )
    image = _open(data, max_pixels=max_pixels)
    if _MARKUP.search(data):
        raise ImageRejected(
            "The file carries HTML or script markup as well as an image (a polyglot); "
            "export the photo again from an image editor."
        )
    width, height = _upright_size(image)
    metadata = read_metadata(image)
    if is_jpeg(image):
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
    _load(image)
    image_format = _SAME_AS.get(image.format, image.format)
    return ImageInfo(format=image_format, width=width, height=height, metadata=metadata)


def is_jpeg(image: Image.Image) -> bool:
    return _SAME_AS.get(image.format, image.format) == "JPEG"


def _upright_size(image: Image.Image) -> tuple[int, int]:
    """The image's (width, height) once turned upright, read from its header without decoding.

    EXIF orientations 5 to 8 (a transpose or a quarter turn; CIPA DC-008, tag 0x0112) swap the
    sides. An orientation that is not one of EXIF's eight numbers is none, as Pillow's
    `exif_transpose` takes it; EXIF that cannot be read (Pillow reads a PNG to its end for it)
    is a damaged file.
    """
    try:
        orientation = image.getexif().get(_ORIENTATION_TAG)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise ImageRejected(
            f"The image file is damaged or incomplete and cannot be decoded ({error})."
        ) from None
    width, height = image.size
    quarter_turn = isinstance(orientation, int) and 5 <= orientation <= 8
    return (height, width) if quarter_turn else (width, height)


# --- Decoding ---------------------------------------------------------------------------------


def _required_scale(size: tuple[int, int], specs: Iterable[RenditionSpec]) -> float:
    """The smallest fraction of the upright source that still serves every spec at full size."""
    width = size[0]
    scale = 0.0
    for spec in specs:
        if spec.is_crop:
            crop_width, _ = crop_size(size, spec.width / spec.height)
            scale = max(scale, min(spec.width, crop_width) / crop_width)
        else:
            scale = max(scale, min(spec.width, width) / width)
    return min(1.0, scale)


def decode(
    source: bytes | BinaryIO, specs: Iterable[RenditionSpec] = (), *, max_pixels: int
) -> Image.Image:
    """Decode once, upright and in sRGB, shrunk on load as far as the specs allow."""
    return _decode(source, list(specs), max_pixels=max_pixels)[0]


def _decode(
    source: bytes | BinaryIO, specs: list[RenditionSpec], *, max_pixels: int
) -> tuple[Image.Image, tuple[int, int]]:
    """The decoded image and the source's own upright (width, height).

    A JPEG is shrunk on load (libjpeg's DCT scaling, by 2, 4 or 8) only as far as leaves at least
    `SHRINK_ON_LOAD_MARGIN` of the reduction to the Lanczos pass: DCT scaling filters block by
    block and lets fine detail through as moiré (libvips' thumbnail keeps the same margin)."""
    image = _open(source, max_pixels=max_pixels)
    upright = _upright_size(image)
    if is_jpeg(image) and specs:
        scale = min(1.0, _required_scale(upright, specs) * SHRINK_ON_LOAD_MARGIN)
        stored = image.size
        image.draft(image.mode, (math.ceil(stored[0] * scale), math.ceil(stored[1] * scale)))
    icc = image.info.get("icc_profile")
    _load(image)
    # In place: without an orientation to undo, a copy would be the whole decoded photo again.
    ImageOps.exif_transpose(image, in_place=True)
    return to_srgb(to_eight_bit(image), icc), upright


# --- Resizing and encoding --------------------------------------------------------------------


def _encode(image: Image.Image, spec: RenditionSpec) -> bytes:
    buffer = io.BytesIO()
    if spec.format == "jpeg":
        if image.mode in ("RGBA", "LA"):
            background = Image.new("RGBA", image.size, (255, 255, 255, 255))
            image = Image.alpha_composite(background, image.convert("RGBA"))
        image = image if image.mode in ("RGB", "L") else image.convert("RGB")
        image.save(
            buffer,
            "JPEG",
            quality=spec.quality,
            optimize=True,
            progressive=True,
            icc_profile=SRGB_ICC,
        )
    elif spec.format == "webp":
        image = image if image.mode in ("RGB", "RGBA") else image.convert("RGB")
        image.save(
            buffer,
            "WEBP",
            quality=round(spec.quality * 80 / 82),  # WebP's 80 looks like JPEG's 82
            method=WEBP_METHOD,
            icc_profile=SRGB_ICC,
        )
    elif spec.format == "avif":
        image = image if image.mode in ("RGB", "RGBA") else image.convert("RGB")
        image.save(
            buffer,
            "AVIF",
            quality=round(spec.quality * 60 / 82),  # AVIF's 60 looks like JPEG's 82
            speed=AVIF_SPEED,
            icc_profile=SRGB_ICC,
        )
    else:
        raise ValueError(f"Unknown rendition format: {spec.format}")
    return buffer.getvalue()


def _encode_one(image: Image.Image, spec: RenditionSpec, *, own_copy: bool = False) -> Rendered:
    # Pillow keeps a save's options on the image object: an encoding that may run beside another
    # of the same image encodes a copy of its own, made when its turn comes.
    image = resampling.fit_within(image.copy() if own_copy else image, MAX_SIDE.get(spec.format))
    try:
        data = _encode(image, spec)
    except (OSError, ValueError) as error:  # the same image fails the same way on every retry
        raise ImageRejected(f"The {spec.name} rendition cannot be encoded ({error}).") from None
    return Rendered(spec, data, image.width, image.height)


def _render_size(pyramid, specs, size, focal_point, submit) -> list[tuple[RenditionSpec, Any]]:
    """One size's renditions: one resize of the decoded photo (or of the box around the focal
    point, for a crop), then its slowest format encoded here and the others handed to the pool
    through `submit` (futures), so that one large size does not keep its formats in a queue."""
    base, first = pyramid.image, specs[0]
    if first.is_crop:
        box = crop_box(base.size, first.width / first.height, focal_point)
        # Never upscaled: a box smaller than the crop either way (a 1 px sliver of a thin photo
        # held to the crop's shape) is made at its own size.
        held = (box[2] - box[0], box[3] - box[1])
        fits = held[0] >= first.width and held[1] >= first.height
        image = pyramid.resize(size if fits else held, box=box)
    else:
        image = base if size == base.size else pyramid.resize(size)
    slowest, *others = sorted(specs, key=lambda spec: ENCODING_EFFORT[spec.format], reverse=True)
    handed = [(spec, submit(_encode_one, image, spec, own_copy=True)) for spec in others]
    return [(slowest, _encode_one(image, slowest)), *handed]


def render_decoded(
    base: Image.Image,
    specs: Iterable[RenditionSpec],
    *,
    focal_point: tuple[float, float] = (0.5, 0.5),
    source_size: tuple[int, int] | None = None,
) -> list[Rendered]:
    """Every spec from one upright sRGB image, on `RENDER_THREADS` threads, in the specs' order.

    Each size (a width, or a crop's width and height) is one job on the pool: one resize of
    `base` itself, never of another rendition (a chain of resizes darkens fine lines, each pass
    clipping its own ringing, so that a rendition would depend on what else was asked for),
    then its formats. The largest and slowest jobs start first; the GIL is released while images
    are resampled and encoded. `source_size` is the source's upright size, whose proportions
    width renditions keep (default: `base`'s). `focal_point` is (x, y), each 0 to 1.
    """
    if not all(0 <= value <= 1 for value in focal_point):  # NaN fails both
        raise ValueError(f"A focal point is two fractions from 0 to 1, not {focal_point}.")
    specs = list(specs)
    groups: dict[tuple[tuple[int, int], bool], list[RenditionSpec]] = {}
    for spec in specs:
        if spec.is_crop:
            size = (spec.width, spec.height)
        elif spec.width >= base.width:  # never upscaled
            size = base.size
        else:  # in the source's proportions, not those of its shrunk-on-load copy (rounded)
            width, height = source_size or base.size
            size = (spec.width, max(1, round(height * spec.width / width)))
        groups.setdefault((size, spec.is_crop), []).append(spec)
    # Output pixels times each encoder's effort: the longest jobs first.
    jobs = sorted(groups.items(), key=_effort, reverse=True)
    pyramid = resampling.Pyramid(base)
    with ThreadPoolExecutor(max_workers=RENDER_THREADS) as pool:
        sizes = [
            pool.submit(_render_size, pyramid, group, size, focal_point, pool.submit)
            for (size, _), group in jobs
        ]
        made = [pair for future in sizes for pair in future.result()]
        rendered = {spec: r if isinstance(r, Rendered) else r.result() for spec, r in made}
    return [rendered[spec] for spec in specs]


def _effort(job: tuple[tuple[tuple[int, int], bool], list[RenditionSpec]]) -> int:
    ((width, height), _), specs = job
    return width * height * sum(ENCODING_EFFORT.get(spec.format, 1) for spec in specs)


def render(
    source: bytes | BinaryIO,
    specs: Iterable[RenditionSpec],
    *,
    focal_point: tuple[float, float] = (0.5, 0.5),
    max_pixels: int,
) -> list[Rendered]:
    """Every spec from one decode of the source."""
    specs = list(specs)
    base, upright = _decode(source, specs, max_pixels=max_pixels)
    return render_decoded(base, specs, focal_point=focal_point, source_size=upright)
