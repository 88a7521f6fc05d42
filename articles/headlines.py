"""Update markers at the start of a headline, as agencies and editors type them: "UPDATED:",
"UPDATE 2-", "Updated –", "AKTUALISIERT:", "ОНОВЛЕНО:"…

A story's headline is stored without one: its UPDATED label is derived from its public record
of updates, so a marker kept in the headline would show twice ("UPDATED: UPDATED: …") and stay
in the permanent slug. The wire parser reads the marker (and its sequence number) as the copy's
update; the services take it off whatever an editor or a partner types. Pure: text in, text out.

The words are data: add a language's marker with a line.
"""

import re
from dataclasses import dataclass

UPDATE_WORDS = (
    "UPDATED",
    "UPDATE",
    "AKTUALISIERT",  # de
    "AKTUALISIERUNG",  # de
    "MISE À JOUR",  # fr
    "ACTUALISÉ",  # fr
    "ACTUALIZADO",  # es
    "ACTUALIZACIÓN",  # es
    "ATUALIZADO",  # pt
    "ATUALIZAÇÃO",  # pt
    "AGGIORNATO",  # it
    "AGGIORNAMENTO",  # it
    "BIJGEWERKT",  # nl
    "ZAKTUALIZOWANO",  # pl
    "AKTUALIZACJA",  # pl
    "ОНОВЛЕНО",  # uk
    "ОНОВЛЕННЯ",  # uk
    "ОБНОВЛЕНО",  # ru
    "ОБНОВЛЕНИЕ",  # ru
)
DASH = r"(?:--|[-–—])"
# The marker, maybe in brackets, maybe with its sequence number, then a colon or a dash.
_MARKER = re.compile(
    r"^\s*[(\[]?(?:"
    + "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in UPDATE_WORDS)
    + r")(?:\s*(?P<sequence>\d{1,3}))?[)\]]?\s*(?::|"
    + DASH
    + r")\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MarkedHeadline:
    headline: str
    is_update: bool = False
    update_sequence: int | None = None


def split_update_marker(headline: str) -> MarkedHeadline:
    """The headline without its leading update markers (repeated ones too), whether there was
    one, and the sequence number of the first ("UPDATE 3-" gives 3; none gives None)."""
    rest, sequence, found = headline, None, False
    while match := _MARKER.match(rest):
        if not found and match.group("sequence"):
            sequence = int(match.group("sequence"))
        rest, found = rest[match.end() :], True
    return MarkedHeadline(rest.strip(), found, sequence)


def without_update_marker(headline: str) -> str:
    return split_update_marker(headline).headline
