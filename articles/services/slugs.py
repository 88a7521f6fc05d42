"""A story's permanent URL name: made from the headline, unique, and never changed once the
story has been published.

Readable in every script. Latin, Cyrillic and Greek letters are transliterated to ASCII
(anyascii): their romanisations are standard, and readers of those languages recognise the
words ("Кабмін схвалив план" gives `kabmin-skhvaliv-plan`). Every other script is kept as
written (Chinese, Japanese, Korean, Arabic, Hebrew, Thai, Devanagari…), because a
romanisation of those is unreadable to the story's own readers; such URLs are IRIs (RFC 3987)
that browsers show as written and send percent-encoded. Words are runs of letters, marks and
digits (Unicode categories L, M, N), so that the vowel signs of Thai or Devanagari stay with
their letters; a mark left over on a romanised letter (stacked accents) or with no letter
before it (an emoji's variation selector) is dropped; apostrophes are dropped; everything else
separates words. A slug is cut at a
word boundary.
"""

import secrets
import unicodedata

from anyascii import anyascii
from django.db import IntegrityError, transaction

from ..models import Article

SLUG_MAX_LENGTH = 80
_TRANSLITERATED_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
# Apostrophes join the parts of a word ("Ukraine's", "İstanbul'da"): dropped, not separators.
_APOSTROPHES = frozenset("'’ʼ`´")


def _romanised(character: str) -> bool:
    return unicodedata.name(character, "").startswith(_TRANSLITERATED_SCRIPTS)


def _transliterated(character: str) -> str:
    return anyascii(character) if _romanised(character) else character


def _words(text: str) -> list[str]:
    words, current, romanised = [], [], False
    # NFC, not NFKC: compatibility forms are what some scripts write (Thai SARA AM), and
    # anyascii reads ligatures and full-width letters itself.
    for character in unicodedata.normalize("NFC", text):
        kind = unicodedata.category(character)[0]
        if kind == "M" and (romanised or not current):
            # A mark NFC could not join to a romanised letter (stacked accents), or one with
            # no letter before it (an emoji's variation selector): nothing to read.
            continue
        romanised = kind != "M" and _romanised(character)
        for letter in _transliterated(character).lower():
            if letter in _APOSTROPHES:  # also a soft sign's transliteration
                continue
            if unicodedata.category(letter)[0] in "LMN":
                current.append(letter)
            elif current:
                words.append("".join(current))
                current = []
    return [*words, "".join(current)] if current else words


def slug_base(headline: str) -> str:
    """The headline's slug before any suffix: at most `SLUG_MAX_LENGTH` characters, cut at a
    word boundary (a single longer word is cut), or "story" if it has no letters at all."""
    slug = ""
    for word in _words(headline):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX_LENGTH:
            slug = slug or word[:SLUG_MAX_LENGTH]
            break
        slug = candidate
    return slug or "story"


def unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    """The headline's slug, with "-2", "-3"… added if another story already has it."""
    base = slug_base(headline)
    taken = set(
        Article.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def save_with_unique_slug(article: Article) -> None:
    """Save, and if a concurrent writer took the slug in between, retry with a random suffix."""
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        if not Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
            raise
        article.slug = f"{article.slug[: SLUG_MAX_LENGTH - 7]}-{secrets.token_hex(3)}"
        article.save()
