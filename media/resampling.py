"""LANCZOS resizing: the pipeline's one way of making an image smaller.

Eight-bit grey, RGB and RGBA images are resampled by fast_image_resize (the `cykooz.resizer`
package): a Lanczos3 convolution, the filter of Pillow's `Image.LANCZOS`, in SIMD (AVX2, SSE4.1
or NEON, chosen at run time), with the GIL released. It gives Pillow's result within a few
levels (above 50 dB PSNR; tested) in about a seventh of Pillow's time, which resamples one
channel value at a time. RGBA is resampled with its alpha premultiplied, as Pillow does. Other
modes (palette, two-tone, 16-bit, float) are left to Pillow: the pipeline converts them before
it resizes, and a palette is resized by nearest neighbour so that it keeps its colours.

Large reductions first average whole pixels (`reduce()` by a power of two) down to within
`REDUCING_GAP` of the target, as Pillow's own `reducing_gap` does, then the Lanczos pass. A box
average keeps the image's mean, and halving steps put what a box lets through of fine detail
where the Lanczos pass removes it (a factor of 3 or 6 let a fine stripe pattern through as a
faint moiré; tested).
"""

import math

from cykooz_resizer import CropBox, ResizeOptions, Resizer
from PIL import Image

REDUCING_GAP = 3.0
# How far LANCZOS reads beyond an output pixel's centre, in output pixels, less the half pixel.
LANCZOS_REACH = 2.5
# The modes fast_image_resize takes as Pillow holds them (the rest go to Pillow).
SIMD_MODES = {"L", "RGB", "RGBA"}

Box = tuple[float, float, float, float]


def resize(image: Image.Image, size: tuple[int, int], *, box: Box | None = None) -> Image.Image:
    """`image` (or its `box`, in source pixels: left, top, right, bottom) resized to `size`
    (width, height) with a Lanczos3 filter.

    Returns a new image of the same mode, with a copy of `image.info`.
    """
    image, box = _reduced(image, size, box or (0, 0, image.width, image.height))
    if image.mode not in SIMD_MODES:
        return image.resize(size, Image.LANCZOS, box=box)
    left, top, right, bottom = box
    options = ResizeOptions(crop_box=CropBox(left, top, right - left, bottom - top))
    result = Image.new(image.mode, size)
    Resizer().resize_pil(image, result, options)
    result.info = image.info.copy()
    return result


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


def _reduced(image: Image.Image, size: tuple[int, int], box: Box) -> tuple[Image.Image, Box]:
    """Box-average whole pixels, by the largest power of two that leaves at least `REDUCING_GAP`
    of the reduction to the Lanczos pass."""
    left, top, right, bottom = box
    factor_x = _power_of_two_within((right - left) / size[0] / REDUCING_GAP)
    factor_y = _power_of_two_within((bottom - top) / size[1] / REDUCING_GAP)
    if factor_x == 1 and factor_y == 1:
        return image, box
    # The box with the filter's reach around it (LANCZOS reads 3 output pixels each way), in
    # whole source pixels, as Pillow's own `reducing_gap` takes it.
    reach_x = LANCZOS_REACH * (right - left) / size[0]
    reach_y = LANCZOS_REACH * (bottom - top) / size[1]
    region = (
        max(0, int(left - reach_x)),
        max(0, int(top - reach_y)),
        min(image.width, math.ceil(right + reach_x)),
        min(image.height, math.ceil(bottom + reach_y)),
    )
    reduced = image.reduce((factor_x, factor_y), box=region)
    return reduced, (
        (left - region[0]) / factor_x,
        (top - region[1]) / factor_y,
        (right - region[0]) / factor_x,
        (bottom - region[1]) / factor_y,
    )


def _power_of_two_within(limit: float) -> int:
    """The largest power of two not above `limit`, at least 1."""
    return 1 << max(0, math.floor(math.log2(limit))) if limit >= 1 else 1
