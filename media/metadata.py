"""Caption, credit and copyright embedded in a photo (IPTC IIM and XMP, as wire photos carry
them), read from an opened Pillow image. Pure: no ORM, no storage.

Where both are present, IPTC IIM wins field by field; XMP fills what IIM lacks. The agency is
IPTC/XMP Credit, or else Source. Several creators are joined with commas.

Encodings, as the standards allow them and as real files carry them:
- XMP packets may be UTF-8, UTF-16 or UTF-32, either byte order (XMP specification part 3,
  7.1); the byte-order mark or the pattern of zero bytes says which.
- IPTC IIM text is in the character set that dataset 1:90 declares with an ISO 2022 escape
  (IIM 4.2, 1.5.90): UTF-8, or one of the ISO 8859 parts, from the table below. Most files
  declare nothing. Those are read as UTF-8 when they are valid UTF-8 (what current tools
  write), else as Windows-1252 (what Photoshop and desk tools on Windows wrote for years),
  unless most of the letters would then be accented ones, as Cyrillic or Greek (Windows-1251,
  Windows-1253) written by undeclared files from agencies of those scripts reads in
  Windows-1252: those are read as whichever of the two charset-normalizer finds. Undeclared
  Central European text (Windows-1250) is read as Windows-1252: its few accented letters cannot
  be told apart from Western ones reliably in a caption's length.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import charset_normalizer
from PIL import Image, IptcImagePlugin

from newsroom.text import clean_text


@dataclass(frozen=True)
class EmbeddedMetadata:
    caption: str = ""
    photographer: str = ""
    agency: str = ""
    copyright_notice: str = ""


_IPTC = {
    "caption": (2, 120),
    "photographer": (2, 80),
    "credit": (2, 110),
    "source": (2, 115),
    "copyright": (2, 116),
}
_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}


# IIM 1:90 "Coded Character Set": ISO 2022 escape sequences and the character set they name.
_IIM_CHARSETS = {
    b"\x1b%G": "utf-8",
    b"\x1b-A": "iso-8859-1",
    b"\x1b.A": "iso-8859-1",
    b"\x1b-B": "iso-8859-2",
    b"\x1b-C": "iso-8859-3",
    b"\x1b-D": "iso-8859-4",
    b"\x1b-L": "iso-8859-5",
    b"\x1b-G": "iso-8859-6",
    b"\x1b-F": "iso-8859-7",
    b"\x1b-H": "iso-8859-8",
    b"\x1b-M": "iso-8859-9",
}


def _text(value, charset: str | None = None) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        value = value.decode(charset, "replace") if charset else _undeclared(value)
    return clean_text(str(value or ""), one_line=True)


def _undeclared(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = data.decode("cp1252", "replace")
    letters = [c for c in western if c.isalpha()]
    accented = sum(1 for c in letters if not c.isascii())
    # Western European text is mostly plain letters; Cyrillic or Greek read as Windows-1252 is
    # almost nothing but accented ones. Which of the two, charset-normalizer tells from the
    # letters' frequencies.
    if letters and accented / len(letters) > 0.5:
        best = charset_normalizer.from_bytes(data, cp_isolation=["cp1251", "cp1253"]).best()
        return str(best) if best is not None else data.decode("cp1251", "replace")
    return western


def _iptc(image: Image.Image) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, ValueError, OSError, IndexError):
        return {}
    declared = info.get((1, 90))
    declared = declared[0] if isinstance(declared, list) and declared else declared
    charset = _IIM_CHARSETS.get(bytes(declared or b"")[:3])
    return {name: _text(info.get(key), charset) for name, key in _IPTC.items() if info.get(key)}


def _xmp_value(description: ET.Element, tag: str) -> str:
    prefix, local = tag.split(":")
    attribute = description.get(f"{{{_NS[prefix]}}}{local}")
    if attribute:
        return _text(attribute)
    element = description.find(tag, _NS)
    if element is None:
        return ""
    items = element.findall(".//rdf:li", _NS)
    if not items:
        return _text(element.text)
    default = [i for i in items if i.get(_XML_LANG) == "x-default"]
    if element.find("rdf:Alt", _NS) is not None:
        return _text((default or items)[0].text)
    return ", ".join(text for item in items if (text := _text(item.text)))


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _xmp_packet(raw) -> str:
    """The packet as text, whatever Unicode encoding it came in."""
    if isinstance(raw, str):
        return raw
    raw = bytes(raw)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, "replace")
    head = raw[:4]
    if len(head) == 4 and head[:3] == b"\x00\x00\x00":
        return raw.decode("utf-32-be", "replace")
    if len(head) == 4 and head[1:] == b"\x00\x00\x00":
        return raw.decode("utf-32-le", "replace")
    if head[:1] == b"\x00":
        return raw.decode("utf-16-be", "replace")
    if head[1:2] == b"\x00":
        return raw.decode("utf-16-le", "replace")
    return raw.decode("utf-8", "replace")


def _xmp_raw(image: Image.Image):
    tiff_tags = getattr(image, "tag_v2", None)
    return (
        image.info.get("xmp")
        or image.info.get("XML:com.adobe.xmp")
        or (tiff_tags.get(700) if tiff_tags is not None else None)
    )


def _xmp(image: Image.Image) -> dict[str, str]:
    raw = _xmp_raw(image)
    if not raw:
        return {}
    packet = _XML_DECLARATION.sub("", _xmp_packet(raw).strip("\x00 \n\r\t\ufeff"))
    try:
        root = ET.fromstring(packet)
    except ET.ParseError:
        return {}
    found: dict[str, str] = {}
    fields = {
        "caption": "dc:description",
        "photographer": "dc:creator",
        "credit": "photoshop:Credit",
        "source": "photoshop:Source",
        "copyright": "dc:rights",
    }
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for name, tag in fields.items():
            if name not in found and (value := _xmp_value(description, tag)):
                found[name] = value
    return found


def read_metadata(image: Image.Image) -> EmbeddedMetadata:
    values = {**_xmp(image), **_iptc(image)}
    return EmbeddedMetadata(
        caption=values.get("caption", ""),
        photographer=values.get("photographer", ""),
        agency=values.get("credit") or values.get("source", ""),
        copyright_notice=values.get("copyright", ""),
    )
