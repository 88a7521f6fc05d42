"""Whole web pages pasted as copy: what a browser's select-all gives. The page's navigation
before the headline, and its footer after the story, are page, not story.

A page is recognised by its skip link ("Skip to main content", "Zum Inhalt springen"…) or by a
run of one- and two-word navigation lines at the top. Its story starts at the dateline, or at
the first long sentence; its headline is the nearest line before that which reads like one
(four words or more, not a sentence, not a byline, time stamp, caption or page furniture).
After the story, short lines that are not sentences (topics, link lists, site index), the
author's biography and page lines are dropped, back to the last line of the story. Pure.
"""

import re

from .dates import DATE

SKIP_LINK = re.compile(
    r"^(?:skip\s+(?:to\s+(?:the\s+)?(?:main\s+)?content|to\s+navigation|links|to\s+site\s+index)"
    r"|zum\s+inhalt\s+springen|direkt\s+zum\s+inhalt|aller\s+au\s+contenu(?:\s+principal)?"
    r"|passer\s+au\s+contenu(?:\s+principal)?|ir\s+al\s+contenido(?:\s+principal)?"
    r"|saltar\s+al\s+contenido|vai\s+al\s+contenuto|перейти\s+до\s+(?:основного\s+)?вмісту"
    r"|перейти\s+к\s+(?:основному\s+)?(?:содержанию|контенту))$",
    re.IGNORECASE,
)
# A line of date and time only: "Tue 3 Nov 2026 14.02 GMT", "2 hours ago", "Mon, Nov 3, 2026,
# 9:14 AM 4 min read". What is left after these words is nothing.
_STAMP_WORDS = re.compile(
    rf"{DATE}|\d{{1,2}}[:.]\d{{2}}|\b\d+\b|(?i:\b(?:[ap]\.?m\.?|gmt|utc|cet|cest|bst|e[sd]?t|"
    r"p[sd]?t|c[sd]?t|ago|hours?|minutes?|mins?|days?|read|updated|published|posted|on|at|"
    r"mon|tue|wed|thu|fri|sat|sun)\w*\b)|[\s,.·|:+()/-]+"
)
_BIO = re.compile(
    r"^(?P<name>(?:[^\W\d_][\w'’.-]*\s){1,4}?)(?:is\s+(?:a|an|the)\s|covers\s|reports\s+(?:on|for|from)\s"
    r"|writes\s+(?:about|for)\s|has\s+(?:covered|reported)\s|joined\s).{10,400}$"
)
_TERMINAL = (".", "!", "?", "”", '"', "»", "’")


def is_page(units: list[str]) -> bool:
    """Whether the copy is a whole web page: a skip link at the top, or mostly navigation."""
    head = units[:10]
    if any(SKIP_LINK.match(unit) for unit in head[:3]):
        return True
    short = sum(
        len(unit) <= 40 and unit.count(" ") <= 1 and not unit.endswith(_TERMINAL) for unit in head
    )
    return len(head) >= 8 and short >= 7


def stamp_only(unit: str) -> bool:
    """A line of date, time and reading time only."""
    return len(unit) <= 80 and any(c.isdigit() for c in unit) and not _STAMP_WORDS.sub("", unit)


def _story_start(units: list[str], is_dateline) -> int | None:
    for index, unit in enumerate(units):
        if is_dateline(unit) or (len(unit) >= 120 and unit.endswith(_TERMINAL)):
            return index
    return None


def _headline_like(unit: str) -> bool:
    words = unit.split()
    if not 4 <= len(words) <= 25 or len(unit) > 200:
        return False
    # One sentence at most: "…on Friday. Jane Doe/…" is a caption, "U.S. Senate…" may lead.
    return not unit.endswith(".") and " | " not in unit and not _SENTENCE_BREAK.search(unit)


_SENTENCE_BREAK = re.compile(r"[a-z]\. [A-Z]")


def story_units(units: list[str], *, is_dateline, is_header, keep) -> tuple[list[str], list[str]]:
    """The page's units from its headline to the end of its story, and the rest (in order).
    `is_dateline(unit)`, `is_header(unit)` (a byline, stamp, caption or furniture) and
    `keep(unit)` (a trailer, which the footer never swallows) come from the parser. Returns
    the units unchanged when no headline is found."""
    start = _story_start(units, is_dateline)
    if start is None:
        return units, []
    # The headline is the fullest headline-like line in the few above the story: nearer lines
    # are often a page's "Go to comments" or "Source: …", its menus are farther up.
    candidates = [
        index
        for index in range(max(0, start - _HEADLINE_REACH), start)
        if _headline_like(units[index])
        and not is_header(units[index])
        and not stamp_only(units[index])
    ]
    if not candidates:
        return units, []
    # A headline has small words in lower case; a menu line ("News Sport Business") has none.
    index = max(candidates, key=lambda i: (_has_small_word(units[i]), len(units[i].split()), i))
    end = _story_end(units, index, keep)
    return units[index:end], units[:index] + units[end:]


_HEADLINE_REACH = 40


def _has_small_word(unit: str) -> bool:
    return any(word[:1].islower() for word in unit.split()[1:])


def _is_bio(unit: str) -> bool:
    """The author's note under a story: "Jane Doe covers transport for the Courier." """
    match = _BIO.match(unit)
    return bool(match) and all(word[0].isupper() for word in match.group("name").split())


def _story_end(units: list[str], first: int, keep) -> int:
    """The index after the story's last unit: the footer is dropped back to it."""
    end = len(units)
    while end > first + 1:
        unit = units[end - 1]
        short = len(unit) <= 80 and not unit.endswith(_TERMINAL)
        if keep(unit) or not (short or _is_bio(unit) or unit.startswith("©")):
            break
        end -= 1
    return end


# Where a web page's story ends: a unit starting with one of these, and everything after it,
# are page, not story. Keep this list short: anything else is dropped alone.
BOILERPLATE = (
    "once you're here",
    "once you’re here",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "share this article",
)
# Page furniture between the paragraphs of a web page: the unit alone is dropped, and the
# story goes on after it. A unit is furniture only if it is nothing else.
PAGE_FURNITURE = frozenset(
    {
        "advertisement",
        "skip advertisement",
        "story continues below advertisement",
        "story continues below",
        "article continues below",
        "continue reading below",
        "continue reading",
        "advertisement - scroll to continue",
        "scroll to continue with content",
        "share this story",
        "share",
        # a page's share buttons, one per line
        "email",
        "e-mail",
        "facebook",
        "x",
        "x.com",
        "twitter",
        "reddit",
        "linkedin",
        "pinterest",
        "flipboard",
        "whatsapp",
        "telegram",
        "bluesky",
        "threads",
        "mailto",
        "save",
        "copy",
        "print",
        "link copied",
        "copy link",
        "share full article",
        "share this",
        "gift this article",
        "listen to this article",
        "report this ad",
        "advertisement scroll to continue",
        "after newsletter promotion",
        "click here to share on social media",
        "zur merkliste hinzufügen",
        "link kopieren",
        "teilen",
        "offrir cet article",
        "ajouter à vos sélections",
        "partager",
        "copier le lien",
        "compartir",
        "copiar enlace",
        "guardar",
        "поділитися",
        "копіювати посилання",
        "advertising",
        "article continues after this advertisement",
        "continue reading the main story",
        "view this post on instagram",
        "anzeige",
        "advertentie",
        "reklama",
        "annonce",
        "werbung",
        "publicité",
        "publicidad",
        "publicidade",
        "pubblicità",
        "реклама",
    }
)
