"""Test images built in memory; no binary fixtures are checked in."""

import io

from PIL import Image


def jpeg_bytes(width: int = 64, height: int = 48, colour=(200, 80, 40), **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", **save_options)
    return buffer.getvalue()
