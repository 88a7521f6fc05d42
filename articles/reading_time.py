"""How long a story takes to read: words a reader reads, at a reading speed, plus time for images.

Scripts written without spaces between words have no words to count: their characters are
counted instead and read at a characters-a-minute rate. The rates come from IReST
(Trauzettel-Klosinski S, Dietz K, "Standardized assessment of reading performance: the New
International Reading Speed Texts IReST", Invest Ophthalmol Vis Sci 2012;53:5452-5461), which
measured equivalent texts in 17 languages: 255 characters a minute for Chinese and 357 for
Japanese, against 228 words a minute for English (table 2). Thai, Lao, Khmer and Myanmar,
which IReST did not measure, are read at its cross-language mean of 68 ms a character (882 a
minute), counting letters, not the vowel and tone marks written with them. Every rate is
scaled by the desk's words-per-minute setting over IReST's English 228, so that one setting
moves all languages together. A story's word count counts each such character as one word, as
Chinese and Japanese desks count length.

Pure functions: text in, numbers out. No ORM.
"""

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_WORDS_PER_MINUTE = 200

# A word starts and ends with a letter or digit, in any script, and may carry joining marks
# inside: "euro-Atlantic", "Ukraine’s", "U.N.-brokered", "71.31" and "24/7" are one word each.
# Currency signs, bullet marks and dashes standing alone are not words.
_WORD = re.compile(r"[^\W_](?:[\w'’.,\-/&]*[^\W_])?")
_TAG = re.compile(r"<[^>]{0,1000}>")

IREST_ENGLISH_WORDS_PER_MINUTE = 228
# Scripts without spaces between words: characters a minute, at IReST's English 228 words.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_SOUTHEAST_ASIAN = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
CHARACTERS_PER_MINUTE = {"chinese": 255, "japanese": 357, "southeast_asian": 882}
_UNSPACED = re.compile(f"[{_HAN}{_KANA}{_SOUTHEAST_ASIAN}]+")
_KANA_CHARACTER = re.compile(f"[{_KANA}]")
_SOUTHEAST_ASIAN_CHARACTER = re.compile(f"[{_SOUTHEAST_ASIAN}]")
# A new method gives a new hash, so that every estimate made by the old one is made again.
_METHOD = "2"


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


@dataclass(frozen=True)
class ReadingUnits:
    """What a text gives a reader: words of spaced scripts, and characters of unspaced ones
    (Chinese, or Japanese when kana appear, or Thai, Lao, Khmer and Myanmar letters)."""

    words: int = 0
    chinese: int = 0
    japanese: int = 0
    southeast_asian: int = 0

    def __add__(self, other: "ReadingUnits") -> "ReadingUnits":
        return ReadingUnits(
            self.words + other.words,
            self.chinese + other.chinese,
            self.japanese + other.japanese,
            self.southeast_asian + other.southeast_asian,
        )

    @property
    def word_count(self) -> int:
        return self.words + self.chinese + self.japanese + self.southeast_asian

    def seconds(self, words_per_minute: int) -> float:
        scale = words_per_minute / IREST_ENGLISH_WORDS_PER_MINUTE
        minutes = self.words / words_per_minute + sum(
            getattr(self, script) / (rate * scale) for script, rate in CHARACTERS_PER_MINUTE.items()
        )
        return minutes * 60


def reading_units(text: str) -> ReadingUnits:
    text = _TAG.sub(" ", text or "")
    runs = _UNSPACED.findall(text)
    words = len(_WORD.findall(_UNSPACED.sub(" ", text)))
    if not runs:
        return ReadingUnits(words=words)
    unspaced = "".join(runs)
    southeast_asian = sum(
        1
        for character in _SOUTHEAST_ASIAN_CHARACTER.findall(unspaced)
        if unicodedata.category(character) == "Lo"
    )
    cjk = len(unspaced) - len(_SOUTHEAST_ASIAN_CHARACTER.findall(unspaced))
    japanese = bool(_KANA_CHARACTER.search(unspaced))
    return ReadingUnits(
        words=words,
        chinese=0 if japanese else cjk,
        japanese=cjk if japanese else 0,
        southeast_asian=southeast_asian,
    )


def count_words(text: str) -> int:
    """Words of spaced scripts plus characters of unspaced ones."""
    return reading_units(text).word_count


def image_seconds(image_count: int) -> int:
    """Medium's rule: 12 s for the first image, 11 for the second, down to 3 s from the tenth."""
    return sum(max(12 - index, 3) for index in range(image_count))


def content_hash(content: ReadableContent, *, words_per_minute: int) -> str:
    digest = hashlib.sha256(
        f"method={_METHOD};wpm={words_per_minute};images={content.image_count}".encode()
    )
    for text in content.texts():
        digest.update(b"\x1e")
        digest.update((text or "").encode())
    return digest.hexdigest()


def estimate(
    content: ReadableContent, *, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE
) -> ReadingTime:
    if words_per_minute <= 0:
        raise ValueError("The reading speed must be a positive number of words per minute.")
    units = sum((reading_units(text) for text in content.texts()), ReadingUnits())
    seconds = units.seconds(words_per_minute) + image_seconds(content.image_count)
    return ReadingTime(
        word_count=units.word_count,
        minutes=max(1, math.ceil(seconds / 60)),
        content_hash=content_hash(content, words_per_minute=words_per_minute),
    )
