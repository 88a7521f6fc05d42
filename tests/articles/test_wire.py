"""The wire-copy parser, on the project's own fixtures and on the shared real samples."""

import contextlib
import json

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.wire import WireParseError, as_dict, parse
from tests.support import WIRE_SAMPLES, needs_shared

HARBOUR = """UPDATE 2-Harbour authority approves ferry link after long talks

Reading Time: 2 minutes

TALLINN, Nov 3 (Reuters) - The harbour authority approved a new ferry link on Friday after
eighteen months of talks with the two port operators.

“We waited long enough,” the authority’s chair said.

Around the Region

• Night trains resume in May.
• Dock workers accept a pay deal.

A ferry leaves the old harbour at dawn on Friday. REUTERS/Jane Doe

Once you're here, read our other stories about the port.
"""


def test_update_marker_sequence_dateline_and_parts():
    story = as_dict(parse(HARBOUR.encode()))
    assert story["headline"] == "Harbour authority approves ferry link after long talks"
    assert story["is_update"] is True and story["update_sequence"] == 2
    assert (
        story["dateline"] == {"place": "TALLINN", "date": "Nov 3"} and story["agency"] == "Reuters"
    )
    assert story["body"][0].startswith("The harbour authority approved a new ferry link")
    assert story["body"][0].endswith("two port operators.")  # lines of a paragraph are joined
    assert story["body"][1] == "“We waited long enough,” the authority’s chair said."
    assert story["briefs"] == [
        {
            "heading": "Around the Region",
            "items": ["Night trains resume in May.", "Dock workers accept a pay deal."],
        }
    ]
    assert story["photos"] == [
        {
            "caption": "A ferry leaves the old harbour at dawn on Friday.",
            "credit": "REUTERS/Jane Doe",
            "agency": "REUTERS",
            "photographer": "Jane Doe",
        }
    ]
    assert story["stated_reading_minutes"] == 2
    assert "Once you" not in json.dumps(story)


@pytest.mark.parametrize(
    ("headline", "expected", "is_update", "sequence"),
    [
        ("UPDATED: Storm closes the port", "Storm closes the port", True, None),
        ("Updated: Storm closes the port", "Storm closes the port", True, None),
        ("UPDATE 2-Storm closes the port", "Storm closes the port", True, 2),
        ("UPDATE 3 - Storm closes the port", "Storm closes the port", True, 3),
        ("Storm closes the port", "Storm closes the port", False, None),
        ("Update on the storm: port closes", "Update on the storm: port closes", False, None),
    ],
)
def test_headline_markers(headline, expected, is_update, sequence):
    story = parse(f"{headline}\n\nOne paragraph of text about the storm.")
    assert (story.headline, story.is_update, story.update_sequence) == (
        expected,
        is_update,
        sequence,
    )


@pytest.mark.parametrize(
    ("first", "place", "date", "agency", "rest"),
    [
        ("KYIV, April 20 (Reuters) – Talks began.", "KYIV", "April 20", "Reuters", "Talks began."),
        ("TALLINN, Nov 3 (Reuters) - Talks began.", "TALLINN", "Nov 3", "Reuters", "Talks began."),
        ("LISBON, Portugal (AP) — Talks began.", "LISBON, Portugal", None, "AP", "Talks began."),
        (
            "NAIROBI, Kenya, March 2 (AFP) – Talks began.",
            "NAIROBI, Kenya",
            "March 2",
            "AFP",
            "Talks began.",
        ),
        (
            "NEW YORK, Sept. 14 (Reuters) — Talks began.",
            "NEW YORK",
            "Sept. 14",
            "Reuters",
            "Talks began.",
        ),
        ("The talks began on Monday (local time) - quietly.", None, None, None, "The talks began"),
    ],
)
def test_datelines_in_agency_styles(first, place, date, agency, rest):
    story = parse(f"Talks begin\n\n{first}\n\nSecond paragraph.")
    assert (story.dateline.place, story.dateline.date, story.agency) == (place, date, agency)
    assert story.body[0].startswith(rest)


@pytest.mark.parametrize(
    ("line", "caption", "credit", "agency", "photographer"),
    [
        (
            "Workers repair the pier on Monday. EPA-EFE/SERGEY DOLZHENKO",
            "Workers repair the pier on Monday.",
            "EPA-EFE/SERGEY DOLZHENKO",
            "EPA-EFE",
            "SERGEY DOLZHENKO",
        ),
        (
            "Workers repair the pier on Monday. REUTERS/Jane Doe",
            "Workers repair the pier on Monday.",
            "REUTERS/Jane Doe",
            "REUTERS",
            "Jane Doe",
        ),
        (
            "Workers repair the pier on Monday. (AP Photo/Jane Doe)",
            "Workers repair the pier on Monday.",
            "AP Photo/Jane Doe",
            "AP",
            "Jane Doe",
        ),
        (
            "Workers repair the pier on Monday. Photo: Jane Doe/AFP",
            "Workers repair the pier on Monday.",
            "Jane Doe/AFP",
            "AFP",
            "Jane Doe",
        ),
    ],
)
def test_photo_captions_and_credits(line, caption, credit, agency, photographer):
    story = parse(f"Pier repairs\n\nThe pier is being repaired.\n\n{line}")
    assert [(p.caption, p.credit, p.agency, p.photographer) for p in story.photos] == [
        (caption, credit, agency, photographer)
    ]
    assert story.body == ["The pier is being repaired."]


def test_several_brief_boxes_and_bullet_styles():
    text = (
        "Markets wrap\n\nShares rose.\n\nIn Europe\n\n* Paris up.\n\n* Berlin flat.\n\n"
        "In Asia\n- Tokyo down.\n- Seoul up,\n  led by chipmakers.\n\nA closing paragraph."
    )
    story = parse(text)
    assert [(b.heading, b.items) for b in story.briefs] == [
        ("In Europe", ["Paris up.", "Berlin flat."]),
        ("In Asia", ["Tokyo down.", "Seoul up, led by chipmakers."]),
    ]
    assert story.body[-1] == "A closing paragraph."


def test_robust_input_handling():
    text = (
        "\ufeffPort reopens\r\n\r\n"
        "BERGHAVEN, March 14 (Northwind Press)\u00a0– The port\u00a0reopened.\r\n"
    )
    story = parse(text.encode("utf-8"))
    assert story.headline == "Port reopens" and story.agency == "Northwind Press"
    assert story.body == ["The port reopened."]
    mixed = parse(b"Port reopens\r\n\nFirst.\r\rSecond.\n")
    assert mixed.body == ["First.", "Second."]
    quotes = parse('Port reopens\n\n"Straight" and “curly” quotes stay.')
    assert quotes.body == ['"Straight" and “curly” quotes stay.']
    rtl = parse("الميناء يعيد فتح أبوابه\n\nأعيد فتح الميناء صباح اليوم.")
    assert rtl.headline == "الميناء يعيد فتح أبوابه" and rtl.body == [
        "أعيد فتح الميناء صباح اليوم."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("Caf\u00e9 au lait".encode("latin-1"), "not UTF-8"),
        (b"* only a bullet\n* and another", "no headline"),
        (b"x" * (3 * 1024 * 1024), "larger than"),
    ],
)
def test_bad_input_raises_a_clear_parse_error(data, message):
    with pytest.raises(WireParseError, match=message):
        parse(data)


def test_a_byline_before_the_dateline_is_recorded():
    story = parse("Talks begin\n\nBy Marta Lindqvist\n\nOSLO, May 2 (Reuters) - Talks began.")
    assert story.byline == "Marta Lindqvist"
    assert (story.dateline.place, story.agency, story.body) == ("OSLO", "Reuters", ["Talks began."])


def test_headline_only_is_a_story_without_body():
    story = parse(b"Just a headline")
    assert story.headline == "Just a headline" and story.body == [] and story.briefs == []


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000)))
def test_the_parser_only_ever_raises_its_own_error(data):
    with contextlib.suppress(WireParseError):
        parse(data)


def _starts(value: str, prefix: str) -> bool:
    return " ".join(value.split()).startswith(" ".join(prefix.split()))


def _samples():
    return [pytest.param(path, id=path.stem) for path in sorted(WIRE_SAMPLES.glob("*.txt"))]


def _dry_run(path, capsys) -> dict:
    call_command("ingest", "--dry-run", str(path))
    [line] = capsys.readouterr().out.splitlines()
    return json.loads(line)


@needs_shared
@pytest.mark.django_db
@pytest.mark.parametrize("sample", _samples())
def test_shared_samples_parse_as_expected_through_the_dry_run(sample, capsys):
    expected = json.loads(sample.with_suffix(".expected.json").read_text(encoding="utf-8"))
    data = _dry_run(sample, capsys)
    assert _starts(data["headline"], expected["headline"])
    assert _starts(data["dateline"]["place"] or "", expected["dateline"]["place"] or "")
    assert (data["dateline"]["date"] or "") == (expected["dateline"]["date"] or "")
    assert len(data["body"]) == expected["body_count"] and data["agency"] == expected["agency"]
    assert _starts(data["body"][0], expected["body_first_starts"])
    assert _starts(data["body"][-1], expected["body_last_starts"])
    assert [(b["heading"], len(b["items"])) for b in data["briefs"]] == [
        (b["heading"], b["count"]) for b in expected["briefs"]
    ]
    for box, want in zip(data["briefs"], expected["briefs"], strict=True):
        assert _starts(box["items"][0], want["first_starts"])
        assert _starts(box["items"][-1], want["last_starts"])
    assert len(data["photos"]) == len(expected["photos"])
    for photo, want in zip(data["photos"], expected["photos"], strict=True):
        assert _starts(photo["caption"], want["caption_starts"])
        assert photo["caption"].endswith(want["caption_ends"])
        assert [photo[k] for k in ("credit", "agency", "photographer")] == [
            want[k] for k in ("credit", "agency", "photographer")
        ]
    for name in (
        "is_update",
        "stated_reading_minutes",
        "reading_time_minutes",
        "byline",
        "contributors",
        "advisory",
        "update_sequence",
        "kind",
        "language",
    ):
        if name in expected:
            assert data[name] == expected[name], name
    # The advisory is said as written ("Updated: Nov 3…"); every part of the story is checked.
    data.pop("advisory")
    text = json.dumps(data, ensure_ascii=False)
    for forbidden in expected["must_not_contain"]:
        assert forbidden not in text


def test_nothing_after_a_page_break_is_ever_lost():
    copy = (
        "Tram depot opens in Eastport\n\n"
        "EASTPORT, May 4 (Harbour Wire) – The new tram depot opened on Monday.\n\n"
        "ADVERTISEMENT\n\n"
        "It can hold forty trams, the operator said.\n\n"
        "Story continues below advertisement\n\n"
        "Advertisement revenue from the stops will fund night services.\n\n"
        "Skip Advertisement\n\n"
        "The first trams leave at five.\n"
    )
    story = parse(copy)
    assert story.body == [
        "The new tram depot opened on Monday.",
        "It can hold forty trams, the operator said.",
        "Advertisement revenue from the stops will fund night services.",
        "The first trams leave at five.",
    ]
