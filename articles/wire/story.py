"""The parsed story: plain data, the same whether it was read from wire copy or from ninjs."""

from dataclasses import dataclass, field
from datetime import datetime

KINDS = ("story", "update", "correction", "refile")


class WireParseError(ValueError):
    """The copy cannot be read as a story; the message says why."""


@dataclass
class Dateline:
    place: str | None = None
    date: str | None = None


@dataclass
class BriefBox:
    heading: str
    items: list[str] = field(default_factory=list)


@dataclass
class Caption:
    caption: str
    credit: str | None = None
    agency: str | None = None
    photographer: str | None = None


@dataclass(frozen=True)
class Contributor:
    name: str
    role: str  # the trailer's own words in lower case: "reporting", "additional reporting"…


@dataclass
class WireStory:
    headline: str
    is_update: bool = False
    update_sequence: int | None = None
    kind: str = "story"  # one of KINDS
    labels: list[str] = field(default_factory=list)  # "EXCLUSIVE", "REFILE"…, as written
    advisory: str = ""
    dateline: Dateline = field(default_factory=Dateline)
    agency: str | None = None
    body: list[str] = field(default_factory=list)
    briefs: list[BriefBox] = field(default_factory=list)
    photos: list[Caption] = field(default_factory=list)
    stated_reading_minutes: int | None = None
    byline: str = ""
    contributors: list[Contributor] = field(default_factory=list)
    # BCP 47; "" when the copy is too short to tell (the importer keeps its default).
    language: str = ""
    # What the parser took out as page or agency furniture, in order: for an editor to check.
    removed: list[str] = field(default_factory=list)
    # Filled by richer sources (ninjs); plain wire copy leaves them empty.
    standfirst: str = ""
    external_id: str = ""
    # An embargo the copy states: its line as written, and its moment when it can be read for
    # certain (else `embargo_problem` says why: such copy is never published by an import).
    embargo: str = ""
    embargo_until: datetime | None = None
    embargo_problem: str = ""


def as_dict(story: WireStory) -> dict:
    """The story as the dry-run prints it (JSON-ready); `removed` is left out."""
    return {
        "headline": story.headline,
        "is_update": story.is_update,
        "update_sequence": story.update_sequence,
        "kind": story.kind,
        "advisory": story.advisory or None,
        "byline": story.byline or None,
        "standfirst": story.standfirst or None,
        "contributors": [{"name": c.name, "role": c.role} for c in story.contributors],
        "language": story.language or None,
        "dateline": {"place": story.dateline.place, "date": story.dateline.date},
        "agency": story.agency,
        "body": story.body,
        "briefs": [{"heading": b.heading, "items": b.items} for b in story.briefs],
        "photos": [
            {
                "caption": p.caption,
                "credit": p.credit,
                "agency": p.agency,
                "photographer": p.photographer,
            }
            for p in story.photos
        ],
        "stated_reading_minutes": story.stated_reading_minutes,
        "embargo": (
            {
                "as_written": story.embargo or None,
                "until": story.embargo_until.isoformat().replace("+00:00", "Z")
                if story.embargo_until
                else None,
                "problem": story.embargo_problem or None,
            }
            if story.embargo or story.embargo_until
            else None
        ),
    }
