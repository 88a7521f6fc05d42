"""Encoding a rendition: JPEG, WebP and AVIF with the settings this newsroom publishes.

Every rendition carries the sRGB profile its pixels are in and nothing of the source's own
metadata (no EXIF, GPS, XMP or comment). Quality is given on JPEG's scale (1 to 100) and mapped
to each format's in proportion, so that the same number looks alike in all three.
"""

import io

from PIL import Image, features

from .colour import SRGB_ICC

SUPPORTS_AVIF = features.check("avif")
OUTPUT_FORMATS = ("jpeg", "webp", "avif") if SUPPORTS_AVIF else ("jpeg", "webp")
# The largest side each format is written and read back with: libwebp's WEBP_MAX_DIMENSION,
# libjpeg's JPEG_MAX_DIMENSION, and libavif's default dimension limit for decoding (an AVIF can
# be encoded larger, but readers refuse it). A rendition that would be larger is made as large
# as the format allows, keeping the proportions.
MAX_SIDE = {"webp": 16_383, "jpeg": 65_500, "avif": 32_768}
# libwebp's effort: 2 encodes about twice as fast as the default 4 for slightly larger files.
WEBP_METHOD = 2
# libavif's speed: 9 is about four times faster than 8 here, at a similar size to WebP.
AVIF_SPEED = 9
# The formats that keep alpha: Pillow's name, the quality on their own scale that looks like
# JPEG's 82 (WebP's 80, AVIF's 60), and their speed settings.
_WITH_ALPHA = {
    "webp": ("WEBP", 80, {"method": WEBP_METHOD}),
    "avif": ("AVIF", 60, {"speed": AVIF_SPEED}),
}
# How slow each encoder is per pixel against JPEG's, as measured here: to start the slowest first.
ENCODING_EFFORT = {"jpeg": 1, "webp": 2, "avif": 4}


def encode(image: Image.Image, image_format: str, quality: int) -> bytes:
    """`image` (L, RGB or RGBA) as `image_format` ("jpeg", "webp", "avif") at `quality` (1 to 100,
    JPEG's scale), alpha flattened on white for JPEG. OSError or ValueError if refused."""
    buffer = io.BytesIO()
    if image_format == "jpeg":
        if image.mode in ("RGBA", "LA"):
            background = Image.new("RGBA", image.size, (255, 255, 255, 255))
            image = Image.alpha_composite(background, image.convert("RGBA"))
        image = image if image.mode in ("RGB", "L") else image.convert("RGB")
        image.save(
            buffer,
            "JPEG",
            quality=quality,
            optimize=True,
            progressive=True,
            icc_profile=SRGB_ICC,
            comment=b"",  # not the source's (Pillow copies a JPEG's COM marker by default)
        )
    elif image_format in _WITH_ALPHA:
        pillow_format, own_scale, options = _WITH_ALPHA[image_format]
        image = image if image.mode in ("RGB", "RGBA") else image.convert("RGB")
        quality = round(quality * own_scale / 82)
        image.save(buffer, pillow_format, quality=quality, icc_profile=SRGB_ICC, **options)
    else:
        raise ValueError(f"Unknown rendition format: {image_format}")
    return buffer.getvalue()
