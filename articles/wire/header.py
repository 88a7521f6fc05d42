"""The header of wire copy: the lines between the headline and the story. Advisories
("(Adds minister's comments…)", "Editor's note: …", "Updated: Nov 3…"), the byline and its title
line, stated reading times, time stamps, a lead photo with its credit, and on a whole web page a
line of names and the standfirst. Pure; the forms are in `profiles`, `parts` and `pages`.
"""

from . import pages, parts, profiles, trailers
from .story import WireStory

TERMINAL = (".", "!", "?", "”", '"', "»", "“")


def read_advisory(story: WireStory, unit: str) -> bool:
    """An advisory line; a page's "Updated …" time stamp gives way to a written advisory."""
    stamp = profiles.UPDATED_STAMP.match(unit) is not None
    if match := profiles.ADVISORY.match(unit):
        advisory = match.group("advisory").strip()
    elif stamp or profiles.EDITORS_NOTE.match(unit):
        advisory = unit
    else:
        return False
    said = profiles.advisory_kind(advisory)
    if story.kind == "story" or (said == "correction" and story.kind != "correction"):
        story.kind = said  # a correction advisory wins over an update marker
        story.is_update = story.is_update or said == "update"
    if not story.advisory or profiles.UPDATED_STAMP.match(story.advisory):
        story.advisory = advisory
    elif stamp:
        story.removed.append(unit)
    else:
        story.advisory = f"{story.advisory}; {advisory}"
    return True


def read_header(story: WireStory, units: list[str], index: int, *, page: bool) -> int:
    """Read the lines between the headline and the story; returns the index of the first unit
    of the story. On a whole web page (`page`), a line of names alone is the byline and a
    sentence above the byline or a stamp is the standfirst."""
    after_byline = False
    while index < len(units):
        unit = units[index]
        if found := _header_photo(units, index):  # a lead photo ("FILE - … (AP Photo/…)")
            story.photos.append(found[0])
            index += found[1]
            continue
        if parts.read_dateline(unit):
            break
        elif read_advisory(story, unit):
            pass
        elif (minutes := parts.read_reading_time(unit)) is not None:
            story.stated_reading_minutes = minutes
        elif not story.byline and (byline := _header_byline(unit, page)):
            story.byline, after_byline = byline, True
            index += 1
            continue
        elif (after_byline and _is_title_line(unit)) or _header_line(unit, page):
            story.removed.append(unit)
        elif page and not story.standfirst and _before_header(units, index):
            story.standfirst = unit  # a summary under the headline, above byline and stamps
        else:
            break
        after_byline = False
        index += 1
    return index


def _header_byline(unit: str, page: bool) -> str | None:
    return parts.read_byline(unit, header=True) or (parts.read_names(unit) if page else None)


def _header_photo(units: list[str], index: int) -> tuple | None:
    """A lead photo: its caption with the credit at its end, or a caption line with the credit
    on the line under it. Returns the caption and how many units it took."""
    if caption := parts.read_caption(units[index]):
        return caption, 1
    following = units[index + 1] if index + 1 < len(units) else ""
    credit = parts.read_credit(following) if len(units[index]) >= 15 else None
    if credit and not parts.read_dateline(units[index]):
        credit.caption = units[index]
        return credit, 2
    if following and (above := parts.read_credit_above(units[index], following)):
        return above, 2
    return None


def _header_line(unit: str, page: bool = False) -> bool:
    """A line of the header that is not the story's: a byline, a stamp, a credit, a lead
    photo's caption, page furniture."""
    return bool(
        profiles.PUBLISHED_STAMP.match(unit)
        or profiles.UPDATED_STAMP.match(unit)
        or profiles.REPORTING_FROM.match(unit)
        or profiles.OUTLET_WITH_AGENCY.match(unit)
        or profiles.SOURCE_LINE.match(unit)
        or unit.casefold() in profiles.PHOTO_AGENCIES  # "EFE" alone: the page's credit
        or pages.stamp_only(unit)
        or trailers.page_furniture(unit)
        or parts.read_byline(unit, header=True)
        or (page and parts.read_names(unit))
        or parts.read_caption(unit)
        or parts.read_credit(unit)
        or parts.read_reading_time(unit) is not None
    )


def page_header(unit: str) -> bool:
    return _header_line(unit, page=True)


def keep(unit: str) -> bool:
    """A line at the end of a page that is the story's even though it is short: a trailer, or
    an advisory set under the story ("(Updates with analyst comment in fifth paragraph.)")."""
    if trailers.contributors(unit) is not None:
        return True
    advisory = profiles.ADVISORY.match(unit)
    return advisory is not None and profiles.advisory_kind(advisory.group("advisory")) != "story"


def _before_header(units: list[str], index: int) -> bool:
    """Whether a byline or a time stamp follows within a few lines: then the line at `index`
    is the standfirst, above them, not the story."""
    return any(
        parts.read_byline(unit, header=True)
        or parts.read_names(unit)
        or pages.stamp_only(unit)
        or profiles.UPDATED_STAMP.match(unit)
        or profiles.PUBLISHED_STAMP.match(unit)
        for unit in units[index + 1 : index + 7]
    )


def _is_title_line(unit: str) -> bool:
    """The line under a byline giving the writer's title or outlet ("Staff Reporter")."""
    words = unit.split()
    return (
        len(words) <= 6
        and len(unit) <= 60
        and not unit.endswith(TERMINAL)
        and not unit.startswith(('"', "“", "„", "«", "‘", "'", "("))
    )
