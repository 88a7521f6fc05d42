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
