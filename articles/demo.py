"""The demo story loaded by `manage.py load_demo`: original text in the shape of real wire copy."""

import io
import math

from PIL import Image, ImageDraw, ImageFilter

DEMO_USERNAME = "editor"
DEMO_REPORTER_USERNAME = "reporter"
DEMO_PASSWORD = "newsroom-demo"

HEADLINE = "Harbour city opens its first tidal power station after a decade of delays"
SLUG = "harbour-city-opens-its-first-tidal-power-station"
STANDFIRST = (
    "The plant beneath the old sea wall will supply a fifth of the city's homes, its operator "
    "says, as engineers watch how the turbines cope with winter storms."
)
BYLINE = "Marta Lindqvist"
AGENCY = "Northwind Press"
DATELINE_PLACE = "BERGHAVEN"
DATELINE_DATE = "March 14"
PARAGRAPHS = [
    "The city's first tidal power station began feeding the grid on Friday, ten years after "
    "councillors first approved the project and four years later than its builders promised.",
    "“Every six hours the sea does the work for us, and it has never once been late,” the "
    "operator's chief engineer, Tomas Reyes, told reporters on the turbine deck.",
    "The station's twelve turbines sit in channels cut through the nineteenth-century sea wall. "
    "At full output they produce 48 megawatts, enough for about 60,000 homes, according to the "
    "regional energy agency.",
    "The project cost 410 million euros ($446.9 million), nearly double the original estimate, "
    "after a contractor went bankrupt and a court halted work for eighteen months over the "
    "protection of a seal colony nearby.",
    "Fishing groups, who had opposed the plans, said on Friday that they would watch catches in "
    "the estuary closely during the first season.",
    "The mayor, Ingrid Solheim, said the city would publish the plant's output every day so that "
    "residents could judge the investment for themselves.",
    "Engineers will spend the winter testing how the turbines behave in storm surges before the "
    "station is handed over to the municipal utility next spring.",
]
# As first published: without the fishing groups' and the mayor's comments.
FIRST_PARAGRAPHS = [p for p in PARAGRAPHS if not p.startswith(("Fishing groups", "The mayor"))]
BRIEFS = [
    {
        "heading": "In Other Developments",
        "items": [
            "The regional rail operator said night trains between the port and the capital would "
            "resume in May after a two-year break.",
            "Dock workers voted to accept a three-year pay deal, ending a dispute that had slowed "
            "container traffic since January.",
            "The harbour authority opened a consultation on moving the ferry terminal closer to "
            "the old town.",
        ],
    }
]
UPDATE_NOTE = "Adds comments from the mayor and the fishing groups."
PHOTO_CAPTION = (
    "Engineers walk along the turbine deck of the tidal power station on its opening day in "
    "Berghaven, March 14."
)
PHOTO_ALT = "Three engineers in orange jackets on a concrete deck above rushing seawater."
PHOTO_AGENCY = "NWP"
PHOTO_PHOTOGRAPHER = "ANNA DE VRIES"
PHOTO_COPYRIGHT = "© Northwind Press"


def demo_image_bytes(width: int = 2400, height: int = 1600) -> bytes:
    """A photo-like JPEG: sky and sea gradients, a sea wall, turbine channels and soft noise."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.45)
    for y in range(height):
        if y < horizon:
            t = y / horizon
            colour = (int(110 + 90 * t), int(150 + 70 * t), int(200 + 40 * t))
        else:
            t = (y - horizon) / (height - horizon)
            wave = 12 * math.sin(y / 9)
            colour = (int(20 + 30 * t + wave), int(70 + 40 * t + wave), int(100 + 30 * t))
        draw.line([(0, y), (width, y)], fill=colour)
    wall_top = int(height * 0.55)
    draw.rectangle([0, wall_top, width, wall_top + height // 8], fill=(120, 116, 108))
    for i in range(12):
        x = int(width * (0.06 + i * 0.075))
        draw.rectangle(
            [x, wall_top + 20, x + width // 40, wall_top + height // 8], fill=(30, 60, 80)
        )
    for i, x in enumerate((0.42, 0.5, 0.58)):
        cx, cy = int(width * x), wall_top - height // 20
        draw.ellipse([cx - 18, cy - 80, cx + 18, cy - 44], fill=(230, 200, 170))
        draw.rectangle([cx - 30, cy - 44, cx + 30, cy + 40], fill=(240, 110 + 10 * i, 20))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, noise, 0.08).filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
