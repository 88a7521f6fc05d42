"""Pixels into what every rendition is made from: eight bits a channel, in sRGB.

Embedded ICC profiles are applied through LittleCMS (Pillow's ImageCms); CMYK without a usable
profile is converted directly. A profile that does not fit the pixels (an RGB profile on a
CMYK file, a damaged one) is ignored rather than refusing the photo.
"""

import io
import struct

from PIL import Image, ImageCms

_SRGB = ImageCms.createProfile("sRGB")
# LittleCMS stamps a profile with the time it is made (the ICC header's dateTimeNumber, bytes 24
# to 35, ICC.1:2022 7.2.1), so that every worker process would embed other bytes in the same
# rendition. The stamp is fixed instead (2026-01-01 00:00:00; the profile carries no ID, whose
# checksum would cover it): a rendition's bytes depend on its photo and spec alone.
_PROFILE_DATE = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
_MADE = ImageCms.ImageCmsProfile(_SRGB).tobytes()
SRGB_ICC = _MADE[:24] + _PROFILE_DATE + _MADE[36:]


def to_eight_bit(image: Image.Image) -> Image.Image:
    """Eight bits a channel: 16-bit and float scaled down, palettes and two-tone expanded."""
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        image = image.convert("I")
    if image.mode == "I":
        return image.point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "F":
        return image.convert("L")
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("PA", "LA", "RGBa", "La"):
        return image.convert("RGBA")
    if image.mode in ("YCbCr", "LAB", "HSV"):
        return image.convert("RGB")
    return image


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    description = ImageCms.getProfileDescription(profile) or ""
    return "srgb" in description.lower().replace(" ", "")


def to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert pixels to sRGB: embedded profiles through LittleCMS, CMYK without one directly."""
    profile = None
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        except (OSError, ImageCms.PyCMSError):
            profile = None
    if profile is None or (image.mode != "CMYK" and _is_srgb(profile)):
        return image.convert("RGB") if image.mode == "CMYK" else image
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        output = "RGB" if image.mode == "CMYK" else image.mode
        return ImageCms.profileToProfile(image, profile, _SRGB, outputMode=output)
    except ImageCms.PyCMSError:  # a profile that does not fit the pixels (RGB on CMYK): unused
        return image.convert("RGB") if image.mode == "CMYK" else image
