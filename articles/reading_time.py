"""How long a story takes to read: words a reader reads, at a reading speed, plus time for images.

Pure functions: text in, numbers out. No ORM.
"""

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_WORDS_PER_MINUTE = 200

# A word starts and ends with a letter or digit, in any script, and may carry joining marks
# inside: "euro-Atlantic", "Ukraine’s", "U.N.-brokered", "71.31" and "24/7" are one word each.
# Currency signs, bullet marks and dashes standing alone are not words.
_WORD = re.compile(r"[^\W_](?:[\w'’.,\-/&]*[^\W_])?")
_TAG = re.compile(r"<[^>]{0,1000}>")


@dataclass(frozen=True)
class ReadableContent:
    headline: str
    standfirst: str = ""
    body: str = ""
    briefs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    captions: tuple[str, ...] = ()
    image_count: int = 0

    def texts(self) -> Iterable[str]:
        yield self.headline
        yield self.standfirst
        yield self.body
        for heading, items in self.briefs:
            yield heading
            yield from items
        yield from self.captions


@dataclass(frozen=True)
class ReadingTime:
    word_count: int
    minutes: int
    content_hash: str


def count_words(text: str) -> int:
    return len(_WORD.findall(_TAG.sub(" ", text or "")))


def image_seconds(image_count: int) -> int:
    """Medium's rule: 12 s for the first image, 11 for the second, down to 3 s from the tenth."""
    return sum(max(12 - index, 3) for index in range(image_count))


def content_hash(content: ReadableContent, *, words_per_minute: int) -> str:
    digest = hashlib.sha256(f"wpm={words_per_minute};images={content.image_count}".encode())
    for text in content.texts():
        digest.update(b"\x1e")
        digest.update((text or "").encode())
    return digest.hexdigest()


def estimate(
    content: ReadableContent, *, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE
) -> ReadingTime:
    if words_per_minute <= 0:
        raise ValueError("The reading speed must be a positive number of words per minute.")
    words = sum(count_words(text) for text in content.texts())
    seconds = words * 60 / words_per_minute + image_seconds(content.image_count)
    return ReadingTime(
        word_count=words,
        minutes=max(1, math.ceil(seconds / 60)),
        content_hash=content_hash(content, words_per_minute=words_per_minute),
    )
