"""The image pipeline: bytes in, validated metadata or encoded renditions out.

Pure functions on Pillow, with fast_image_resize for resampling: no ORM, no storage. The source
is decoded once for a whole set of renditions (a JPEG shrunk on load as far as leaves a factor of
two to the resize), turned upright and converted to sRGB; then each size is resized from it
(halvings by box average, then a Lanczos3 pass: `media/resampling.py`) and encoded in each of
its formats, on a pool of threads, the largest sizes first; crops of one size are resized once.
"""

import io
import itertools
import math
import os
import re
import struct
import warnings
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, BinaryIO

from PIL import (
    Image,
    ImageFile,
    ImageOps,
    UnidentifiedImageError,
)

from . import encoders, resampling
from .colour import to_eight_bit, to_srgb
from .encoders import ENCODING_EFFORT, MAX_SIDE, OUTPUT_FORMATS, SUPPORTS_AVIF
from .geometry import crop_box, crop_size
from .metadata import EmbeddedMetadata, read_metadata

ImageFile.LOAD_TRUNCATED_IMAGES = False
# The pipeline applies its own, configurable pixel limit right after reading the header, with a
# clear message; Pillow's warning below its hard limit would only repeat it.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF", "GIF"} | ({"AVIF"} if SUPPORTS_AVIF else set())
# Formats that are another one underneath: a Multi-Picture Format file (CIPA DC-007, written by
# phones and cameras with a depth map or a preview) is a JPEG whose first image is the photo.
_SAME_AS = {"MPO": "JPEG"}
# Threads that resize, crop and encode side by side (the GIL is released for all three).
RENDER_THREADS = max(1, min(4, os.cpu_count() or 1))
# How much of a reduction JPEG shrink-on-load leaves to the Lanczos pass, at least.
SHRINK_ON_LOAD_MARGIN = 2.0

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
            f"The file is {_in_megabytes(len(data))}; the limit is {_in_megabytes(max_bytes)}."
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


def _in_megabytes(size: int) -> str:
    """'25 MB', '2.5 MB', '0.0001 MB': three significant figures, never in exponent form."""
    return f"{float(f'{size / 1e6:.3g}'):,f}".rstrip("0").rstrip(".") + " MB"


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
    upright = _shrunk_on_load(image, specs)
    icc = image.info.get("icc_profile")
    _load(image)
    # In place: without an orientation to undo, a copy would be the whole decoded photo again.
    ImageOps.exif_transpose(image, in_place=True)
    return to_srgb(to_eight_bit(image), icc), upright


def _shrunk_on_load(image: Image.Image, specs: list[RenditionSpec]) -> tuple[int, int]:
    """Set a JPEG to decode as small as `specs` allow (Pillow's `draft`); the upright size."""
    upright = _upright_size(image)
    if is_jpeg(image) and specs:
        scale = min(1.0, _required_scale(upright, specs) * SHRINK_ON_LOAD_MARGIN)
        stored = image.size
        image.draft(image.mode, (math.ceil(stored[0] * scale), math.ceil(stored[1] * scale)))
    return upright


def _by_decode(data: bytes, specs: list[RenditionSpec], max_pixels: int) -> list[list]:
    """`specs` in two groups for two decodes of a JPEG, the specs that need the largest decode
    and the others (which a smaller one serves), or in one group."""
    if len(specs) < 2 or not is_jpeg(_open(data, max_pixels=max_pixels)):
        return [specs]
    widths = {}
    for spec in specs:  # a header each (a fraction of a millisecond), once a size
        if (spec.width, spec.height) not in widths:
            _shrunk_on_load(image := _open(data, max_pixels=max_pixels), [spec])
            widths[spec.width, spec.height] = image.width
    widths = {spec: widths[spec.width, spec.height] for spec in specs}
    largest = max(widths.values())
    groups = [
        [spec for spec in specs if widths[spec] == largest],
        [spec for spec in specs if widths[spec] < largest],
    ]
    return [group for group in groups if group]


# --- Resizing and encoding --------------------------------------------------------------------


def _encode_one(image: Image.Image, spec: RenditionSpec, *, own_copy: bool = False) -> Rendered:
    # Pillow keeps a save's options on the image object: an encoding that may run beside another
    # of the same image encodes a copy of its own, made when its turn comes.
    fitted = resampling.fit_within(image, MAX_SIDE.get(spec.format))
    image = image.copy() if own_copy and fitted is image else fitted
    try:
        data = encoders.encode(image, spec.format, spec.quality)
    except (OSError, ValueError) as error:  # the same image fails the same way on every retry
        raise ImageRejected(f"The {spec.name} rendition cannot be encoded ({error}).") from None
    return Rendered(spec, data, image.width, image.height)


def _render_size(pyramid, specs, size, focal_point, submit) -> list[tuple[RenditionSpec, Any]]:
    """One size's renditions: one resize of the decoded photo (or of the box around the focal
    point, for a crop), its slowest format encoded here, the others handed to the pool through
    `submit` (futures) for the other threads."""
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
    then its formats. The largest and slowest sizes start first; the GIL is released while
    images are resampled and encoded. `source_size` is the source's upright size, whose proportions
    width renditions keep (default: `base`'s). `focal_point` is (x, y), each 0 to 1.
    """
    if not all(0 <= value <= 1 for value in focal_point):  # NaN fails both
        raise ValueError(f"A focal point is two fractions from 0 to 1, not {focal_point}.")
    specs = list(specs)
    jobs = _jobs(base, specs, source_size or base.size)
    pyramid = resampling.Pyramid(base)
    waiting, made = iter(jobs), []
    with ThreadPoolExecutor(max_workers=RENDER_THREADS) as pool:

        def start(job):
            (size, _), group = job
            return pool.submit(_render_size, pyramid, group, size, focal_point, pool.submit)

        # One size a thread at a time, so that the formats a size hands on start before the
        # next size does (the pool takes its work first come, first served).
        running = {start(job) for job in itertools.islice(waiting, RENDER_THREADS)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                made += future.result()
                running |= {start(job) for job in itertools.islice(waiting, 1)}
        rendered = {spec: r if isinstance(r, Rendered) else r.result() for spec, r in made}
    return [rendered[spec] for spec in specs]


def _jobs(base: Image.Image, specs: list[RenditionSpec], source_size: tuple[int, int]) -> list:
    """((size, is_crop), specs) for each size asked for, the longest to make first (its output
    pixels times each of its formats' encoding effort)."""
    groups: dict[tuple[tuple[int, int], bool], list[RenditionSpec]] = {}
    for spec in specs:
        if spec.is_crop:
            size = (spec.width, spec.height)
        elif spec.width >= base.width:  # never upscaled
            size = base.size
        else:  # in the source's proportions, not those of its shrunk-on-load copy (rounded)
            size = (spec.width, max(1, round(source_size[1] * spec.width / source_size[0])))
        groups.setdefault((size, spec.is_crop), []).append(spec)
    return sorted(groups.items(), key=_effort, reverse=True)


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
    """Every spec, in the specs' order, from one decode; for a JPEG whose smaller sizes a smaller
    decode serves, those from a second made on another thread meanwhile (one decode would
    keep all but one core waiting)."""
    specs = list(specs)
    data = source if isinstance(source, bytes | bytearray) else source.read()

    def from_one_decode(group: list[RenditionSpec]) -> list[Rendered]:
        base, upright = _decode(data, group, max_pixels=max_pixels)
        return render_decoded(base, group, focal_point=focal_point, source_size=upright)

    groups = _by_decode(data, specs, max_pixels)
    if len(groups) == 1:
        return from_one_decode(specs)
    largest, smaller = groups
    with ThreadPoolExecutor(max_workers=1) as beside:
        made_beside = beside.submit(from_one_decode, smaller)
        made = {rendered.spec: rendered for rendered in from_one_decode(largest)}
        made.update((rendered.spec, rendered) for rendered in made_beside.result())
    return [made[spec] for spec in specs]
