"""Caption, credit and copyright embedded in a photo (IPTC IIM and XMP, as wire photos carry
them), read from an opened Pillow image. Pure: no ORM, no storage.

Where both are present, IPTC IIM wins field by field; XMP fills what IIM lacks. The agency is
IPTC/XMP Credit, or else Source.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

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


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    return clean_text(str(value or ""), one_line=True)


def _iptc(image: Image.Image) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, ValueError, OSError, IndexError):
        return {}
    return {name: _text(info.get(key)) for name, key in _IPTC.items() if info.get(key)}


def _xmp_value(description: ET.Element, tag: str) -> str:
    prefix, local = tag.split(":")
    attribute = description.get(f"{{{_NS[prefix]}}}{local}")
    if attribute:
        return _text(attribute)
    element = description.find(tag, _NS)
    if element is None:
        return ""
    item = element.find(".//rdf:li", _NS)
    return _text((item if item is not None else element).text)


def _xmp(image: Image.Image) -> dict[str, str]:
    raw = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not raw:
        return {}
    try:
        root = ET.fromstring(raw.strip(b"\x00 \n") if isinstance(raw, bytes) else raw)
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
