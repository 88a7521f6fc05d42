"""LANCZOS resizing: the pipeline's one way of making an image smaller.

Eight-bit grey, RGB and RGBA images are resampled by fast_image_resize (the `cykooz.resizer`
package): a Lanczos3 convolution, the filter of Pillow's `Image.LANCZOS`, in SIMD (AVX2, SSE4.1
or NEON, chosen at run time), with the GIL released. It gives Pillow's result within a few
levels (above 50 dB PSNR; tested) in about a seventh of Pillow's time, which resamples one
channel value at a time. RGBA is resampled with its alpha premultiplied, as Pillow does. Other
modes (palette, two-tone, 16-bit, float) are left to Pillow: the pipeline converts them before
it resizes, and a palette is resized by nearest neighbour so that it keeps its colours.

Large reductions first average whole pixels (`reduce()` by a power of two, where the sides halve
evenly) down to within `REDUCING_GAP` of the target, as Pillow's own `reducing_gap` does, then
the Lanczos pass. A box
average keeps the image's mean, and halving steps put what a box lets through of fine detail
where the Lanczos pass removes it (a factor of 3 or 6 let a fine stripe pattern through as a
faint moiré; tested).
"""

import math
import threading

from cykooz_resizer import CropBox, ResizeOptions, Resizer
from PIL import Image

REDUCING_GAP = 3.0
# The modes fast_image_resize takes as Pillow holds them (the rest go to Pillow).
SIMD_MODES = {"L", "RGB", "RGBA"}

Box = tuple[float, float, float, float]


def resize(image: Image.Image, size: tuple[int, int], *, box: Box | None = None) -> Image.Image:
    """`image` (or its `box`, in source pixels: left, top, right, bottom) resized to `size`
    (width, height): averaged by halves while that leaves `REDUCING_GAP` of the reduction, then
    a Lanczos3 pass. Returns a new image of the same mode, with a copy of `image.info`."""
    return Pyramid(image).resize(size, box=box)


def _lanczos(image: Image.Image, size: tuple[int, int], box: Box) -> Image.Image:
    if image.mode not in SIMD_MODES:
        return image.resize(size, Image.LANCZOS, box=box)
    left, top, right, bottom = box
    options = ResizeOptions(crop_box=CropBox(left, top, right - left, bottom - top))
    result = Image.new(image.mode, size)
    Resizer().resize_pil(image, result, options)
    result.info = image.info.copy()
    return result


class Pyramid:
    """An image and its halvings (box averages by 2, 4, 8 ...), each made once, when a resize
    first needs it, for resizes of the same image on several threads.

    `resize(image, size, box=box)` is `Pyramid(image).resize(size, box=box)`; a pyramid kept
    for several sizes averages each halving once for all of them."""

    def __init__(self, image: Image.Image):
        self.image = image
        self._levels = {1: image}
        self._lock = threading.Lock()

    def resize(self, size: tuple[int, int], *, box: Box | None = None) -> Image.Image:
        left, top, right, bottom = box or (0, 0, self.image.width, self.image.height)
        factor = 1
        if self.image.mode in SIMD_MODES:
            factor = min(
                _power_of_two_within((right - left) / size[0] / REDUCING_GAP),
                _power_of_two_within((bottom - top) / size[1] / REDUCING_GAP),
            )
        while factor > 1 and not _halves_evenly(self.image.size, factor):
            factor //= 2
        # A pixel of the halving by `factor` covers `factor` pixels of the image each way.
        scaled = (left / factor, top / factor, right / factor, bottom / factor)
        return _lanczos(self._level(factor), size, scaled)

    def _level(self, factor: int) -> Image.Image:
        if factor == 1:
            return self.image
        with self._lock:  # one thread averages a level; the others that need it wait for it
            return self._halving(factor)

    def _halving(self, factor: int) -> Image.Image:
        if factor not in self._levels:
            self._levels[factor] = self._halving(factor // 2).reduce(2)
        return self._levels[factor]


def fit_within(image: Image.Image, longest_side: int | None) -> Image.Image:
    """`image` itself if neither side is longer than `longest_side` (None: no limit), else
    `image` resized in its proportions so that the longer side is `longest_side`."""
    if longest_side is None or max(image.size) <= longest_side:
        return image
    scale = longest_side / max(image.size)
    size = (
        max(1, min(longest_side, round(image.width * scale))),
        max(1, min(longest_side, round(image.height * scale))),
    )
    return resize(image, size)


def _halves_evenly(size: tuple[int, int], factor: int) -> bool:
    """Whether halving `size` down by `factor` meets an even width and height at every step.

    Halving an odd side leaves its last pixel an average of one row or column, which the Lanczos
    pass would then weigh as two: a 1 px frame along the right or bottom edge came out darker
    than along the left and top. Such sizes are resized from fewer halvings, or none."""
    width, height = size
    while factor > 1:
        if width % 2 or height % 2:
            return False
        width, height, factor = width // 2, height // 2, factor // 2
    return True


def _power_of_two_within(limit: float) -> int:
    """The largest power of two not above `limit`, at least 1."""
    return 1 << max(0, math.floor(math.log2(limit))) if limit >= 1 else 1
