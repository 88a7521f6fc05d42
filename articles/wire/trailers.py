"""What follows a story in wire copy and is not body text: the trailer that names who reported
and edited it, and the lines an agency or a web page adds around it.

`contributors(unit)` reads a trailer line into names and roles; `page_line(unit)` says whether
a line is agency or page furniture (a copyright line, standards boilerplate, a sign-off, the
desk's initials, a graphics note, a link list's heading). Both take one unit of copy with its
whitespace collapsed. The forms are data, in the tables below; sources as in `profiles`.
"""

import re

from .pages import PAGE_FURNITURE
from .story import Contributor

_SEP = r"\s*(?:;|,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*"
# After a name: where the person filed from or how to reach them.
_NAME_TAIL = re.compile(r"(?:^|\s+)(?:in|from|at|aus|à|en|em|a)\s+.*$|\s*\S+@\S+|\s*\(.*\)$")
_ROLE_BY = re.compile(
    r"^(?P<role>[^\W\d_]+(?:\s+[^\W\d_]+){0,2}?)\s+(?:by|de|von|par|por|di|door)\s+(?P<names>\S.*)$"
)
# The words that start a trailer's roles ("Additional reporting by"), in the languages of
# `dates.DATE_LOCALES`; the role is kept as written, in lower case.
ROLE_WORDS = frozenset(
    """reporting additional writing written editing edited compiled graphics research
    translation translated production photos video reportagem edição redação texto reporte
    información redacción edición bericht redigiert recherche mitarbeit reportage rédaction
    édition édité rédigé reportaggio redazione verslaggeving redactie editado escrito
    reportaje geschrieben""".split()
)
# Whole-line trailer forms; each gives a role and the text holding the names.
_TRAILERS = (
    # (Reporting by A and B; Additional reporting by C in Lindor; Editing by D)
    ("by", re.compile(r"^(?:--|[-–—])?\s*\(?(?P<parts>[^\W\d_][^()]+?)\)?\.?$")),
    # This story was reported by A and B.
    (
        "reported",
        re.compile(
            r"^this\s+(?:story|report|article)\s+was\s+(?P<role>reported|written|edited|produced)"
            r"\s+by\s+(?P<names>.+?)\.?$",
            re.IGNORECASE,
        ),
    ),
    # autor: Magdalena Przykład  ·  Text: Anna Beispiel
    (
        "label",
        re.compile(
            r"^(?P<role>autor|autorka|author|text|texto|redakcja|redaktion|bearbeitung)\s*:\s*"
            r"(?P<names>[^\W\d_].{1,120})$",
            re.IGNORECASE,
        ),
    ),
    # Associated Press writer A in Kessel contributed to this report.
    (
        "contributed",
        re.compile(
            r"^(?:(?:the\s+)?(?:associated\s+press|ap|reuters|afp|bloomberg|dpa)\s+)?"
            r"(?:(?:staff\s+)?(?:writers?|reporters?|correspondents?|journalists?|photographers?)\s+)?"
            r"(?P<names>[^\W\d_].{1,200}?)\s+(?:also\s+)?contributed(?:\s+(?:reporting|research"
            r"|additional\s+reporting|to\s+this\s+(?:report|story|article))\b[^.]{0,60})?\.?$",
            re.IGNORECASE,
        ),
    ),
    # --With assistance from A and B.
    (
        "assistance",
        re.compile(r"^(?:--|[-–—])?\s*with\s+assistance\s+from\s+(?P<names>.+?)\.?$", re.I),
    ),
    # To contact the reporter on this story: A in London at a@example.com
    (
        "reporter",
        re.compile(r"^to\s+contact\s+the\s+reporters?\b[^:]*:\s*(?P<names>.*)$", re.IGNORECASE),
    ),
    # To contact the editors responsible for this story: B at b@example.com
    (
        "editor",
        re.compile(r"^to\s+contact\s+the\s+editors?\b[^:]*:\s*(?P<names>.*)$", re.IGNORECASE),
    ),
)


_PARTICLES = frozenset("van von der den de da das do dos du la le al bin ibn di del".split())


def _is_name(name: str) -> bool:
    """Words that start with a capital (or are in a script without case), or name particles."""
    words = name.split()
    return 0 < len(words) <= 6 and all(
        w[0].isupper() or w[0].lower() == w[0].upper() or w in _PARTICLES for w in words
    )


# Cheap tests that a unit may be of a trailer form, so that body paragraphs skip its pattern.
# Each takes the unit and its first 40 characters in lower case.
_HINTS = {
    "by": lambda unit, head: head.lstrip("(-–— ").split(" ", 1)[0] in ROLE_WORDS,
    "reported": lambda unit, head: head.startswith("this"),
    "label": lambda unit, head: ":" in head[:16],
    "contributed": lambda unit, head: "ontribut" in unit,
    "assistance": lambda unit, head: "assistance" in head,
    "reporter": lambda unit, head: head.startswith("to contact"),
    "editor": lambda unit, head: head.startswith("to contact"),
}


def _names(text: str, *, full: bool = False) -> list[str] | None:
    """The names in a trailer's list, or None if any item is not a name (with `full`, a name
    of at least two words). Where a name says where its person filed from ("Ana Sample in
    Carson City, Nevada"), the place is dropped, its state or country with it."""
    text = _STATE_AFTER_PLACE.sub(r"\1", re.sub(r"\s*\bat\s+\S+@\S+|\S+@\S+", "", text))
    names = []
    for part in re.split(_SEP, text):
        name = _NAME_TAIL.sub("", part).strip(" .,;:")
        if not name:
            continue
        if not _is_name(name) or (full and len(name.split()) < 2):
            return None
        names.append(name)
    return names or None


# "in Carson City, Nevada," : the comma and the state after a place go with the place.
_STATE_AFTER_PLACE = re.compile(
    r"(\s(?:in|from)\s[^,;]+?),\s*[^\W\d_][\w.]*(?=\s*(?:[,;&]|\band\b|\bund\b|$))"
)


def _by_part(part: str) -> list[Contributor] | None:
    """One "ROLE by NAMES" part ("Additional reporting by A in Lindor", "Reportage A et B")."""
    match = _ROLE_BY.match(part)
    if match is None or match.group("role").split()[0].casefold() not in ROLE_WORDS:
        role, _, names = part.partition(" ")  # "Reportage Claire Dumont": no preposition
        if role.casefold() not in ROLE_WORDS:
            return None
    else:
        role, names = match.group("role"), match.group("names")
    found = _names(names)
    return None if found is None else [Contributor(name, role.lower()) for name in found]


def _by_parts(parts: str, *, bracketed: bool) -> list[Contributor] | None:
    """The parts of a trailer, split at semicolons, at sentences and at a comma before the
    next role. In brackets, sentences after the roles (a desk's contact) are not names;
    outside them, every part must be a role and its names."""
    found = []
    for part in _PARTS.split(parts):
        people = _by_part(part.strip(" .,"))
        if people is None:
            return (found or None) if bracketed else None
        found += people
    return found or None


_PARTS = re.compile(r";|\.\s+|,\s+(?=[^\W\d_]+(?:\s+[^\W\d_]+)?\s+(?:by|de|von|par|por|di)\s)")


def contributors(unit: str, *, after: str | None = None) -> list[Contributor] | None:
    """The names and roles in a trailer line, in the order written; None if the line is not a
    trailer. A contact line with no names yet ("To contact the editors…:") gives []; pass its
    role as `after` for the lines under it ("Rebecca Example at rexample@example.com")."""
    if len(unit) > 400:
        return None
    if after and (contact := _CONTACT.match(unit)) and (names := _names(contact.group("name"))):
        return [Contributor(name, after) for name in names]
    head = unit[:40].casefold()
    for role, pattern in _TRAILERS:
        if not _HINTS[role](unit, head):
            continue
        match = pattern.match(unit)
        if match is None:
            continue
        if role == "by":
            bracketed = unit.lstrip("-–— ").startswith("(")
            if (found := _by_parts(match.group("parts"), bracketed=bracketed)) is not None:
                return found
            continue
        if role in ("label", "reported"):
            role = match.group("role").lower()
        names = _names(match.group("names"), full=role == "contributed")
        if names:
            return [Contributor(name, role) for name in names]
        if role in ("reporter", "editor") and not match.group("names").strip():
            return []
    return None


def contact_role(units: list[str], index: int) -> str | None:
    """The role of the contact line that the unit at `index` is listed under, if it is."""
    if "@" not in units[index]:
        return None
    first = max(0, index - 12)  # a contact block is a few lines, not a whole story
    index -= 1
    while index >= first and _CONTACT.match(units[index]):
        index -= 1
    if index < 0:
        return None
    for role in ("reporter", "editor"):
        if re.match(rf"^to\s+contact\s+the\s+{role}s?\b", units[index], re.IGNORECASE):
            return role
    return None


_CONTACT = re.compile(r"^(?P<name>[^@:]{2,120}?)\s+at\s+\S+@\S+$")


# Lines that are the agency's or the page's, never the story's, wherever they stand.
PAGE_LINES = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}\s+(?-i:[A-Z])|:)|all\s+rights\s+reserved|riproduzione\s+riservata"
    r"|our\s+standards\s*:|the\s+thomson\s+reuters\s+trust\s+principles"
    r"|[(\[]?\s*for\s+(?:an?\s+)?(?:interactive\s+)?(?:graphics?|factbox|timeline)\b"
    r"|(?:interactive\s+)?(?:graphics?|grafik|infografik|infographie)\s*:.{0,120}https?://"
    r"|follow\s+(?:ap'?s?|our|us|the\s+\w+|@\w+)\b.{0,80}\b(?:coverage\b|on\s+(?:twitter|x|instagram"
    r"|facebook|bluesky|threads|tiktok|linkedin|whatsapp|telegram)\b)"
    r"|sign\s+up\s+(?:here\b|for\s+(?:our|the|a)\s+(?:[\w-]+\s+){0,3}newsletters?\b)"
    r"|this\s+(?:report|story|article)\s+(?:by\s+.{1,60}?\s+)?was\s+first\s+published\b"
    r"|a\s+post\s+shared\s+by\b|view\s+this\s+post\s+on\b|watch\s+on\s+youtube\b"
    r"|(?:contact|kontakt|e-?mail)\s*:\s*\S+@\S+$"
    r"|[【\[]\s*(?:纠错|责任编辑)"
    r"|(?:listen|artikel\s+anhören|écouter(?:\s+cet\s+article)?|escuchar|ascolta)\b.{0,30}\d+\s*min|\d+\s+comments?$|\d+\s+(?:minutes?|hours?|days?)\s+ago$"
    r"|purchase\s+licensing\s+rights|enter\s+your\s+email|privacy\s+notice\s*:"
    r"|(?:topics|tags|suggested\s+topics|related\s+topics|explore\s+more\s+on\s+these\s+topics)"
    r"\s*:?\s*(?:[^.!?]{0,120})$"
    r"|(?:(?:email|facebook|x|twitter|reddit|linkedin|pinterest|flipboard|print|whatsapp|mailto"
    r"|telegram|bluesky|threads)\b\s*){2,}$"
    r"|(?:read\s+more|read\s+also|see\s+also|related|lesen\s+sie\s+auch|lire\s+aussi"
    r"|lea\s+también|leia\s+também|leggi\s+anche|читайте\s+також|читайте\s+также)\s*:\s*\S.{0,200}$"
    r")",
    re.IGNORECASE,
)
# A sign-off at the very end: "-- AFP", "— Reuters"; the desk's initials: "abc/xyz", "jm/sw/ah",
# "bur-fff/jj", "dpa ab yz".
SIGN_OFF = re.compile(
    r"^(?:[(（]?(?i:schluss|ende|end|fin|fim|完)[)）]\s*)?"
    r"(?:(?:--|[-–—])\s*[A-Z][\w&.]*(?:\s[A-Z][\w&.]*){0,2}|[(（]\w{1,12}[)）]"
    r"|(?i:enditem|ends|-30-|#{3})|\w{2,12}/(?i:fim|fin|ende|end)"
    r"|/?[a-z]{2,6}(?:\s*(?:[-/]|//)\s*[a-z]{2,6})+\s*/?"
    r"|[A-Z]{2,4}(?:\s*//?\s*[A-Z]{2,4})+"
    r"|(?:dpa|afp|apa|sda)\s+[a-z]{2,3}(?:\s+[a-z]{2,3}){0,3})?\.?$"
)
# Headings of the link lists a web page puts between paragraphs ("Most Read from Bloomberg"):
# the heading and the headlines under it are dropped.
LINK_LIST = re.compile(
    r"^(?:most\s+(?:read|popular|viewed)(?:\s+(?:from|on|in)\s+.{1,40})?|read\s+more|read\s+also"
    r"|related(?:\s+(?:coverage|stories|articles|content|news))?|recommended(?:\s+stories)?"
    r"|more\s+(?:from|on)\s+.{1,40}|see\s+also|lesen\s+sie\s+auch|mehr\s+zum\s+thema"
    r"|meistgelesen|lire\s+aussi|à\s+lire\s+aussi|lea\s+también|leia\s+também|leggi\s+anche"
    r"|читайте\s+також|читайте\s+также)\s*:?$",
    re.IGNORECASE,
)
# A line that only separates parts of a page ("___", "* * *", "----").
SEPARATOR = re.compile(r"^(?:[_*=~#\-–—]\s*){3,}$")


def page_line(unit: str) -> bool:
    """Whether a unit is agency or page furniture that may stand anywhere in the copy."""
    if len(unit) > 300:
        return False
    if "©" in unit[:150] or (len(unit) <= 150 and _COPYRIGHT_YEAR.search(unit)):
        return True
    if unit[0] in "_*=~#-–—" and SEPARATOR.match(unit):
        return True
    if unit[-14:].rstrip(". ").casefold().endswith(("sign up here", "subscribe here")):
        return True  # "The Velm Morning Brief brings you … Sign up here."
    return len(unit) <= 250 and PAGE_LINES.match(unit) is not None


_COPYRIGHT_YEAR = re.compile(r"\b[Cc]opyright\s+\d{4}\s+[A-Z]")


def furniture(unit: str) -> bool:
    """A line of page furniture between paragraphs: "ADVERTISEMENT", a share button."""
    if len(unit) > 60:
        return False
    text = unit.casefold().replace("·", " ").replace("•", " ")
    return " ".join(text.strip(" .:-–—").split()) in PAGE_FURNITURE


def page_furniture(unit: str) -> bool:
    """Furniture, or a page or agency line (a copyright, a newsletter promotion…)."""
    return furniture(unit) or page_line(unit)
