"""How the parser cuts copy into parts, on layouts and openings that look like something they
are not: wrapped lines that start like a list item, a byline or a time stamp; paragraphs one
per line; a lead photo, a quote or an organisation before the story. The project's own copy."""

import textwrap

import pytest

from articles.wire import parse

HEAD = "Ferry terminal approved\n\n"
DATELINE = "LONDON, March 3 (Reuters) - "


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour authority on Tuesday approved a new ferry terminal for the port - the "
        "largest such project in a decade - after residents dropped their objections.",
        "The harbour authority approved the terminal on Tuesday, and the first ferries will use "
        "it from 3. März onwards, the operator said in a statement on its website.",
        "The harbour authority approved the terminal after a review of forecasts, and "
        "updated forecasts for 2027 showed twice as many passengers as the old ones did.",
        "The harbour authority approved the terminal on Tuesday after a long campaign led "
        "by Northern Ferries Chief Executive Jane Doe, who had lobbied for it for years.",
    ],
)
@pytest.mark.parametrize("width", [60, 71])
def test_a_wrapped_paragraph_stays_whole_whatever_its_lines_start_with(sentence, width):
    story = parse(HEAD + textwrap.fill(DATELINE + sentence, width) + "\n\nThe vote was 7-2.")
    assert story.body == [sentence, "The vote was 7-2."]
    assert story.briefs == [] and story.byline == "" and story.advisory == ""


def test_short_paragraphs_one_per_line_are_not_joined():
    copy = "Harbour authority approves new ferry terminal\nThe vote was 7-2.\nResidents objected.\n"
    story = parse(copy)
    assert story.headline == "Harbour authority approves new ferry terminal"
    assert story.body == ["The vote was 7-2.", "Residents objected."]
    many = parse(copy + "The mayor welcomed it.\nWork starts in June.\n")
    assert len(many.body) == 4


def test_a_single_numbered_sentence_is_not_a_list():
    story = parse(HEAD + "1. FC Lindenau und Borussia Velm trennten sich 1:1.\n\nMehr folgt.")
    assert story.body[0] == "1. FC Lindenau und Borussia Velm trennten sich 1:1."
    assert story.briefs == []


@pytest.mark.parametrize(
    "first",
    [
        "The International Harbour Fund (IHF) - the lender of last resort - warned on Monday.",
        "Harbour Lines (HBL.L): shares rose 4% on Monday.",
        'Sen. Jane Doe (R-Velm): "We will not vote for it."',
    ],
)
def test_an_organisation_and_its_abbreviation_are_not_a_dateline(first):
    story = parse(f"{HEAD}{first}\n\nMore.")
    assert story.dateline.place is None and story.agency is None and story.body[0] == first


def test_a_lead_photo_before_the_advisory_byline_and_dateline():
    story = parse(
        HEAD + "FILE - A ferry crosses the bay at Portvale on June 2, 2025. "
        "(AP Photo/Jane Doe, File)\n\n(Adds comments from mayor)\n\nBy KAI DEMO Associated "
        "Press\n\nPORTVALE, Maine (AP) — The terminal was approved.\n\nMore."
    )
    assert [p.photographer for p in story.photos] == ["Jane Doe"]
    assert story.advisory == "Adds comments from mayor" and story.byline.startswith("KAI DEMO")
    assert story.agency == "AP" and story.body == ["The terminal was approved.", "More."]


@pytest.mark.parametrize(
    "opening",
    [
        "Updated rules for 2026 take effect on Monday, the transport ministry said.",
        '"We finally did it!"',
        "Published figures for 2025 show the ferry lost money.",
    ],
)
def test_an_opening_sentence_is_not_a_stamp_or_a_title(opening):
    story = parse(f"{HEAD}By Jane Example\n\n{opening}\n\nMore.")
    assert story.byline == "Jane Example" and story.body == [opening, "More."]
    assert story.advisory == "" and story.kind == "story"


@pytest.mark.parametrize(
    "ending",
    ["— Мы готовы.", "Win-win.", "AP was hit too.", "Yes - or no.", "Germany also contributed."],
)
def test_a_short_last_paragraph_is_not_a_sign_off(ending):
    story = parse(f"{HEAD}{DATELINE}The terminal was approved.\n\n{ending}")
    assert story.body == ["The terminal was approved.", ending]
    assert story.contributors == []


def test_a_subhead_and_a_bracketed_pair_are_not_credits():
    story = parse(
        f"{HEAD}{DATELINE}The terminal was approved.\n\nUS/UK Reaction\n\nBoth welcomed it, "
        "as did the two operators (Northern Ferries/Harbour Lines)\n\nMore."
    )
    assert story.photos == [] and len(story.body) == 4


def test_an_agency_written_first_in_a_credit_is_the_agency():
    story = parse(f"{HEAD}Body.\n\nA ferry at the dock in Portvale. Photo: Getty Images / Jane Doe")
    assert [(p.agency, p.photographer) for p in story.photos] == [("Getty Images", "Jane Doe")]


WEB_PAGE = """Skip to main content

Home
News
Harbour
Sport
Sign in

Harbour

Night ferry to Skarholm returns for the summer after two years

The service was cut in 2024 when the operator lost its subsidy.

By Ines Sampleton and Kai Demo, Harbour Wire

June 2, 2026 9:14 AM GMT+2

Updated 2 hours ago

Share
Email
Facebook
X

The night ferry leaves Skarholm harbour on Friday. Ola Example/Harbour Wire/File Photo
Purchase Licensing Rights, opens new tab

SKARHOLM, June 2 (Harbour Wire) - The night ferry to Skarholm will run again from Friday, \
the regional transport authority said on Tuesday, two years after it was cut.

It leaves the mainland at 11 p.m. and returns at 5 a.m., with a stop at Velm on Saturdays.

Advertisement · Scroll to continue

Skip past newsletter promotion
Sign up to The Harbour Daily
Enter your email address
after newsletter promotion

Tickets will cost the same as they did in 2024, the authority said.

Police said the first crossing was calm, although officers turned back two cars on Monday.

Reporting by Ines Sampleton; Editing by Pat Editorson

Source: Harbour Wire and agencies

Suggested Topics:
Transport
Skarholm

Ines Sampleton covers transport and the islands for Harbour Wire.

Read Next
City sells its old tram depot
Prices rise at the fish market

Site Index
About us
© 2026 Harbour Wire. All rights reserved
"""


def test_a_whole_web_page_gives_its_story_and_drops_the_page():
    story = parse(WEB_PAGE)
    assert story.headline == "Night ferry to Skarholm returns for the summer after two years"
    assert story.standfirst.startswith("The service was cut in 2024")
    assert story.byline.startswith("Ines Sampleton and Kai Demo")
    assert story.is_update and story.advisory == "Updated 2 hours ago"
    assert (story.dateline.place, story.agency) == ("SKARHOLM", "Harbour Wire")
    assert [p[:20] for p in story.body] == [
        "The night ferry to S",
        "It leaves the mainla",
        "Tickets will cost th",
        "Police said the firs",
    ]
    assert [(p.photographer, p.caption[:20]) for p in story.photos] == [
        ("Ola Example", "The night ferry leav")
    ]
    assert [c.name for c in story.contributors] == ["Ines Sampleton", "Pat Editorson"]
    for page_line in ("Skip to main content", "Sign up to The Harbour Daily", "Site Index"):
        assert page_line in story.removed


def test_an_advisory_under_a_web_page_story_is_its_advisory():
    page = WEB_PAGE.replace(
        "Reporting by Ines Sampleton; Editing by Pat Editorson\n",
        "--With assistance from Kai Demo.\n\n(Updates with fares in third paragraph.)\n",
    ).replace("Updated 2 hours ago\n", "")
    story = parse(page)
    assert story.advisory == "Updates with fares in third paragraph."
    assert story.kind == "update" and story.body[-1].startswith("Police said")
