"""Test images built in memory; no binary fixtures are checked in."""

import io
import math
import random
import struct
import zlib

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat


def encode(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_bytes(width: int = 64, height: int = 48, colour=(200, 80, 40), **save_options) -> bytes:
    return encode(Image.new("RGB", (width, height), colour), "JPEG", **save_options)


def photo_like(width: int, height: int, *, seed: int = 1) -> Image.Image:
    """Gradients, shapes, edges and grain: compresses and resamples like a photograph."""
    base = Image.effect_mandelbrot(
        (max(1, width // 8), max(1, height // 8)), (-2.2, -1.2, 1.0, 1.2), 60
    ).convert("RGB")
    image = base.resize((width, height), Image.BICUBIC)
    image = Image.blend(image, Image.effect_noise((width, height), 30).convert("RGB"), 0.15)
    draw = ImageDraw.Draw(image)
    rnd = random.Random(seed)
    for _ in range(max(10, width * height // 80_000)):
        x, y, r = (
            rnd.randrange(width),
            rnd.randrange(height),
            rnd.randrange(10, max(11, width // 20)),
        )
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        draw.ellipse([x, y, x + r, y + r], fill=colour)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def halves(size=(400, 200), first=(255, 0, 0), second=(0, 0, 255)) -> Image.Image:
    """Left half one colour, right half another: shows which way an image was turned."""
    image = Image.new("RGB", size, second)
    ImageDraw.Draw(image).rectangle([0, 0, size[0] // 2 - 1, size[1]], fill=first)
    return image


def with_orientation(image: Image.Image, orientation: int, **extra_tags) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    for tag, value in extra_tags.items():
        exif[int(tag)] = value
    return encode(image, "JPEG", exif=exif.tobytes(), quality=95)


def with_gps(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 22.0, 0.0)
    return encode(image, "JPEG", exif=exif.tobytes())


def decompression_bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small PNG whose header claims a huge image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def iptc_jpeg(image: Image.Image, fields: dict[tuple[int, int], str | bytes]) -> bytes:
    """A JPEG carrying IPTC fields in a Photoshop APP13 segment, as wire photos do. Text is
    written as UTF-8; bytes as given (another character set, or an escape sequence)."""
    encoded = {
        key: value.encode() if isinstance(value, str) else value for key, value in fields.items()
    }
    iptc = b"".join(
        b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value)) + value
        for (record, dataset), value in sorted(encoded.items())
    )
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = (
        b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    )
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    jpeg = encode(image, "JPEG")
    return jpeg[:2] + segment + jpeg[2:]


def mpo(primary: Image.Image, secondary: Image.Image) -> bytes:
    """A Multi-Picture Format file (CIPA DC-007), as phones write: a JPEG and a second image."""
    buffer = io.BytesIO()
    primary.save(buffer, "MPO", save_all=True, append_images=[secondary])
    return buffer.getvalue()


def xmp_packet(*, description="", creator="", credit="", rights="") -> bytes:
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="{credit}">
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{description}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>""".encode()


# --- A wide-gamut RGB profile (Adobe RGB (1998) primaries, gamma 563/256), built by hand ------

_D50 = (0.9642, 1.0, 0.8249)
_WIDE_GAMUT_COLORANTS = {
    b"rXYZ": (0.60974, 0.31111, 0.01947),
    b"gXYZ": (0.20528, 0.62567, 0.06087),
    b"bXYZ": (0.14919, 0.06322, 0.74457),
}


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + b"".join(_s15f16(v) for v in xyz)


def _pad(data: bytes) -> bytes:
    return data + b"\x00" * (-len(data) % 4)


def wide_gamut_icc() -> bytes:
    name = b"Newsroom test wide-gamut RGB\x00"
    desc = (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(name))
        + name
        + b"\x00" * 8
        + b"\x00\x00\x00"
        + b"\x00" * 67
    )
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">I", 1) + struct.pack(">H", 0x0233)
    tags = [(b"desc", desc), (b"wtpt", _xyz_tag(_D50))]
    tags += [(sig, _xyz_tag(xyz)) for sig, xyz in _WIDE_GAMUT_COLORANTS.items()]
    tags += [(sig, curve) for sig in (b"rTRC", b"gTRC", b"bTRC")]
    tags.append((b"cprt", b"text\x00\x00\x00\x00No copyright, test data\x00"))
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += _pad(data)
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\x00\x00\x00\x00"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\x00" * 12
        + b"acsp"
        + b"\x00" * 24
        + struct.pack(">I", 0)
        + b"".join(_s15f16(v) for v in _D50)
        + b"\x00" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def gif_html_polyglot() -> bytes:
    """A valid GIF whose comment block is an HTML page with a script."""
    gif = encode(Image.new("RGB", (8, 8), (0, 0, 255)), "GIF")
    comment = b"<html><body><script>alert(document.cookie)</script></body></html>"
    extension = b"\x21\xfe" + bytes([len(comment)]) + comment + b"\x00"
    trailer = gif.rindex(b"\x3b")
    return gif[:trailer] + extension + gif[trailer:]


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio of two images of one size, in dB (99 when identical)."""
    stat = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB")))
    mse = sum(v**2 for v in stat.rms) / 3
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)
