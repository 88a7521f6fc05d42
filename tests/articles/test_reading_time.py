import hashlib
import math
import unicodedata

import pytest

from articles.reading_time import ReadableContent, count_words, estimate, image_seconds
from tests.support import WIRE_SAMPLES, needs_shared


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("euro-Atlantic", 1),
        ("$71.31 billion", 2),
        ("65 billion euros ($71.31 billion)", 5),
        ("Ukraine’s rightful place", 3),
        ("a U.N.-brokered deal", 3),
        ("* first item\n• second item\n- third", 5),
        ("<p>Markup <b>is</b> not a word</p>", 5),
        ("Kyiv – the capital — said", 4),
        ("Zürich, Kraków and Αθήνα", 4),
        ("", 0),
        ("   ... — * • ", 0),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_image_time_follows_medium():
    assert [image_seconds(n) for n in (0, 1, 2, 3)] == [0, 12, 23, 33]
    assert image_seconds(10) == sum([12, 11, 10, 9, 8, 7, 6, 5, 4, 3])
    assert image_seconds(12) - image_seconds(11) == 3


def test_minutes_round_up_with_a_minimum_of_one():
    assert estimate(ReadableContent(headline="Short")).minutes == 1
    assert estimate(ReadableContent(headline="", body="word " * 200)).minutes == 1
    assert estimate(ReadableContent(headline="", body="word " * 201)).minutes == 2
    assert estimate(ReadableContent(headline="", body="word " * 190, image_count=1)).minutes == 2
    assert (
        estimate(ReadableContent(headline="", body="word " * 400), words_per_minute=100).minutes
        == 4
    )


def test_the_hash_changes_with_content_and_speed():
    content = ReadableContent(headline="A", body="B", briefs=(("H", ("i",)),), captions=("c",))
    same = ReadableContent(headline="A", body="B", briefs=(("H", ("i",)),), captions=("c",))
    assert estimate(content).content_hash == estimate(same).content_hash
    assert estimate(content).content_hash != estimate(content, words_per_minute=250).content_hash
    moved = ReadableContent(headline="A", body="", briefs=(("H", ("i",)),), captions=("Bc",))
    assert estimate(content).content_hash != estimate(moved).content_hash


def test_bad_speed_is_refused():
    with pytest.raises(ValueError, match="positive"):
        estimate(ReadableContent(headline="A"), words_per_minute=0)


def _sample_content(text: str) -> ReadableContent:
    """The sample's readable parts, cut out by hand (the wire parser does this in production)."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    headline = blocks[0].removeprefix("UPDATED:").strip()
    start = next(i for i, b in enumerate(blocks) if "(Reuters)" in b)
    heading = blocks.index("In Other Developments")
    body = "\n\n".join([blocks[start].split("(Reuters) –", 1)[1], *blocks[start + 1 : heading]])
    items = [b.lstrip("* ") for b in blocks[heading + 1 :] if b.startswith("* ")]
    caption = next(b for b in blocks if "EPA-EFE/" in b).rsplit(" EPA-EFE/", 1)[0]
    return ReadableContent(
        headline=headline,
        body=body,
        briefs=((blocks[heading], tuple(items)),),
        captions=(caption,),
        image_count=1,
    )


@needs_shared
def test_the_sample_story_reads_in_four_minutes_as_it_states():
    text = (WIRE_SAMPLES / "kyiv-nato-visit.txt").read_text(encoding="utf-8")
    assert "Reading Time: 4 minutes" in text
    result = estimate(_sample_content(text))
    assert 600 < result.word_count < 700
    assert result.minutes == 4


# --- Scripts written without spaces between words

CHINESE = "港口工人今天结束了为期三周的罢工。"  # 16 Han characters and a full stop
JAPANESE = "港の労働者は今日ストライキを終えた。"  # kanji and kana
THAI = "คนงานท่าเรือยุติการนัดหยุดงานวันนี้"


def _characters(text: str, count: int) -> str:
    """`count` characters of the script of `text`, punctuation left out, in paragraphs."""
    letters = [c for c in text if c.isalpha() and not unicodedata.category(c).startswith("M")]
    body = "".join(letters[i % len(letters)] for i in range(count))
    return "\n\n".join(body[i : i + 300] for i in range(0, count, 300))


@pytest.mark.parametrize(
    ("script", "characters", "minutes"),
    [
        # 3,000 ÷ (255 × 200/228) = 13.4 minutes
        (CHINESE, 3000, 14),
        # 3,000 ÷ (357 × 200/228) = 9.6 minutes
        (JAPANESE, 3000, 10),
        # 1,000 ÷ (255 × 200/228) = 4.5 minutes
        (CHINESE, 1000, 5),
    ],
)
def test_chinese_and_japanese_are_read_by_the_character(script, characters, minutes):
    result = estimate(ReadableContent(headline="", body=_characters(script, characters)))
    assert result.word_count == characters
    assert result.minutes == minutes


def test_thai_letters_are_counted_without_their_marks():
    body = THAI * 100
    letters = sum(1 for c in THAI if unicodedata.category(c) == "Lo") * 100
    result = estimate(ReadableContent(headline="", body=body))
    assert result.word_count == letters
    # letters ÷ (882 × 200/228) minutes, rounded up
    assert result.minutes == math.ceil(letters / (882 * 200 / 228))


def test_korean_is_written_with_spaces_and_read_by_the_word():
    assert count_words("서울 지하철 파업이 오늘 끝났다") == 5


def test_mixed_copy_adds_each_script_at_its_own_pace():
    body = "The port reopened on Monday. " * 40 + "\n\n" + _characters(CHINESE, 510)
    result = estimate(ReadableContent(headline="", body=body), words_per_minute=200)
    # 200 English words at 200 a minute, 510 characters at 223.7 a minute: 1 + 2.28 minutes
    assert result.word_count == 200 + 510 and result.minutes == 4


def test_the_desk_setting_moves_every_language_together():
    content = ReadableContent(headline="", body=_characters(CHINESE, 3000))
    slow, fast = estimate(content, words_per_minute=100), estimate(content, words_per_minute=400)
    assert (slow.minutes, fast.minutes) == (27, 7)  # 26.8 and 6.7 minutes


def test_a_change_of_method_makes_every_estimate_again():
    content = ReadableContent(headline="港口", body="工人")
    before = hashlib.sha256(b"wpm=200;images=0")  # how the first method stamped its estimates
    for text in content.texts():
        before.update(b"\x1e" + text.encode())
    assert estimate(content).content_hash != before.hexdigest()
