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
    "ACTUALISÉE",  # fr
    "ACTUALIZA",  # es (Reuters: "ACTUALIZA 1-")
    "ACTUALIZADO",  # es
    "ACTUALIZADA",  # es
    "ACTUALIZACIÓN",  # es
    "ATUALIZA",  # pt (Reuters Brasil: "ATUALIZA 1-")
    "ATUALIZADO",  # pt
    "ATUALIZADA",  # pt
    "ATUALIZAÇÃO",  # pt
    "AGGIORNATO",  # it
    "AGGIORNATA",  # it
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
_WORDS = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in UPDATE_WORDS)
# After the word: a sequence number ("UPDATE 2-", "UPDATED (2):") or a time ("Updated 14:05
# -", "UPDATED 9:30 AM:"), then a colon or a dash. Without either, a colon, or a dash with a
# space before it: "Update-weary" is a word, not a marker.
_SEQUENCE = r"\s*\(?(?P<{name}>\d{{1,3}})\)?(?!\d|[:.]\d)"
_TIME = r"\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
_MARKER = re.compile(
    rf"^\s*(?:[(\[](?:{_WORDS})(?:{_SEQUENCE.format(name='bracketed')})?[)\]]\s*(?::|{DASH})?"
    rf"|(?:{_WORDS})(?:(?:{_SEQUENCE.format(name='sequence')}|{_TIME})\s*(?::|{DASH})"
    rf"|\s*:|\s+{DASH}))\s*",
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
        number = match.group("sequence") or match.group("bracketed")
        if not found and number:
            sequence = int(number)
        rest, found = rest[match.end() :], True
    return MarkedHeadline(rest.strip(), found, sequence)


def without_update_marker(headline: str) -> str:
    return split_update_marker(headline).headline
