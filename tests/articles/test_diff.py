import pytest

from articles.diff import snapshot_diff, word_diff


def test_word_diff_marks_removed_and_added_words():
    row = word_diff("Body", "The mayor said yes.", "The mayor said no, firmly.")
    assert str(row.old_html) == "The mayor said <del>yes.</del>"
    assert str(row.new_html) == "The mayor said <ins>no, firmly.</ins>"
    assert (row.words_removed, row.words_added) == (1, 2)
    assert row.changed


def test_word_diff_escapes_markup():
    row = word_diff("Body", "<b>bold</b>", "<script>x</script>")
    assert "<script>" not in row.new_html and "&lt;script&gt;" in row.new_html


def test_identical_text_is_unchanged():
    row = word_diff("Headline", "Same words", "Same words")
    assert not row.changed and str(row.old_html) == "Same words"


def _snapshot(**overrides):
    return {
        "headline": "Ferry resumes",
        "standfirst": "",
        "byline": "",
        "dateline_place": "BERGHAVEN",
        "dateline_date": "March 14",
        "agency": "Northwind Press",
        "body": "One.\n\nTwo.",
        "briefs": [{"heading": "In Other Developments", "items": ["Rail resumes."]}],
        "photos": [{"caption": "Dawn.", "credit_line": "NWP/ANNA DE VRIES"}],
        **overrides,
    }


def test_snapshot_diff_covers_headline_body_briefs_and_captions():
    rows = {
        row.label: row
        for row in snapshot_diff(
            _snapshot(),
            _snapshot(
                headline="Ferry resumes after storm",
                briefs=[
                    {"heading": "In Other Developments", "items": ["Rail resumes.", "Fees rise."]}
                ],
                photos=[{"caption": "Dawn at the pier.", "credit_line": "NWP/ANNA DE VRIES"}],
            ),
        )
    }
    assert rows["Headline"].words_added == 2
    assert not rows["Body"].changed
    assert "<ins>" in rows["Briefs"].new_html and "Fees" in rows["Briefs"].new_html
    assert rows["Photo captions"].changed


def test_a_whole_paragraph_added_counts_its_words():
    row = word_diff("Body", "One.\n\nTwo.", "One.\n\nA new paragraph of six words.\n\nTwo.")
    assert (row.words_removed, row.words_added) == (0, 6)
    assert "<ins>A new paragraph of six words.\n\n</ins>" in row.new_html


def _long_story(seed: int, paragraphs: int = 160) -> list[str]:
    import random

    rnd = random.Random(seed)
    words = [
        "the",
        "harbour",
        "council",
        "ferry",
        "said",
        "on",
        "monday",
        "after",
        "talks",
        "plans",
        "figures",
        "report",
    ]
    return [
        " ".join(rnd.choice(words) for _ in range(rnd.randint(50, 80))) + "."
        for _ in range(paragraphs)
    ]


@pytest.mark.parametrize("joiner", ["\n\n", " "])  # paragraphs, or one long paragraph
def test_scattered_edits_in_a_10000_word_story_are_found_word_by_word(joiner):
    paragraphs = _long_story(3)
    edited = list(paragraphs)
    for index in range(0, len(paragraphs), 8):
        words = edited[index].split()
        words[len(words) // 2] = "zeppelin"
        edited[index] = " ".join(words)
    old, new = joiner.join(paragraphs), joiner.join(edited)
    assert len(old.split()) > 10_000
    row = word_diff("Body", old, new)
    changed = len(range(0, len(paragraphs), 8))
    assert row.words_added == changed and row.words_removed == changed
    assert row.new_html.count("<ins>zeppelin</ins>") == changed
