"""What follows and interrupts wire copy and is not body text: trailers, sign-offs, page
breaks; and the copy's layout, language and refusals. The project's own original copy."""

import pytest

from articles.wire import WireParseError, parse

HEAD = "Ferry service resumes\n\nOSLO, May 2 (Reuters) - The ferry ran again on Monday.\n\n"
LAST = "Tickets cost the same as before."


def _people(story):
    return [(c.name, c.role) for c in story.contributors]


@pytest.mark.parametrize(
    ("trailer", "people"),
    [
        (
            "(Reporting by Ines Sampleton and Olu Placeholder; Additional reporting by Kai Demo"
            " in Bergen; Writing by Ana Testa; Editing by Pat Editorson)",
            [
                ("Ines Sampleton", "reporting"),
                ("Olu Placeholder", "reporting"),
                ("Kai Demo", "additional reporting"),
                ("Ana Testa", "writing"),
                ("Pat Editorson", "editing"),
            ],
        ),
        (
            "___\n\nAssociated Press writer Kai Demo in Tromso, Norway, contributed to this "
            "report.",
            [("Kai Demo", "contributed")],
        ),
        (
            "Kai Demo and Ana Testa contributed to this report.",
            [("Kai Demo", "contributed"), ("Ana Testa", "contributed")],
        ),
        (
            "--With assistance from Kai Demo and Ana Testa.",
            [("Kai Demo", "assistance"), ("Ana Testa", "assistance")],
        ),
        (
            "To contact the reporter on this story:\nKai Demo in Oslo at kdemo@example.com\n"
            "To contact the editors responsible for this story:\nAna Testa at atesta@example.com\n"
            "Pat Editorson at peditorson@example.com",
            [("Kai Demo", "reporter"), ("Ana Testa", "editor"), ("Pat Editorson", "editor")],
        ),
        (
            "(Reportagem de Rui Exemplo; Edição de Ana Testa)",
            [("Rui Exemplo", "reportagem"), ("Ana Testa", "edição")],
        ),
        ("autor: Ola Przykład", [("Ola Przykład", "autor")]),
        (
            "Reporting by Kai Demo in Jakarta and Ananda; Editing by Ana Testa",
            [("Kai Demo", "reporting"), ("Ananda", "reporting"), ("Ana Testa", "editing")],
        ),
        (
            "--Reporting by Kai Demo; Editing by Ana Testa",
            [("Kai Demo", "reporting"), ("Ana Testa", "editing")],
        ),
        (
            "(Bericht von Kai Demo, redigiert von Ana Testa. Bei Rückfragen: desk@example.com)",
            [("Kai Demo", "bericht"), ("Ana Testa", "redigiert")],
        ),
        (
            "(Reportage Léa Exemple et Kai Demo, édité par Ana Testa)",
            [("Léa Exemple", "reportage"), ("Kai Demo", "reportage"), ("Ana Testa", "édité")],
        ),
        (
            "This story was reported by Kai Demo and Ana Testa.",
            [("Kai Demo", "reported"), ("Ana Testa", "reported")],
        ),
    ],
)
def test_trailers_are_contributors_not_body(trailer, people):
    story = parse(f"{HEAD}{LAST}\n\n{trailer}")
    assert story.body == ["The ferry ran again on Monday.", LAST]
    assert _people(story) == people


@pytest.mark.parametrize(
    "ending",
    [
        "Our Standards: The Thomson Reuters Trust Principles.",
        "© 2026 Harbour Wire. All rights reserved.",
        "Copyright 2026 The Associated Press. All rights reserved.",
        "© dpa-infocom, dpa:261130-99-123456/3",
        "RIPRODUZIONE RISERVATA © Copyright ANSA",
        "-- AFP",
        "abc/xyz",
        "kd/at/pe",
        "ACL // JMR",
        "(PAP)",
        "(For a graphic on ferry fares, click https://example.com/graphic)",
        "Enditem",
        "(Schluss) kd/at",
        "/kd/at/pe",
        "（完）",
        "Contact: desk@example.com",
        "This report by Harbour Wire was first published May 2, 2026.",
    ],
)
def test_sign_offs_and_agency_boilerplate_are_not_body(ending):
    story = parse(f"{HEAD}{LAST}\n\n{ending}")
    assert story.body == ["The ferry ran again on Monday.", LAST]
    assert ending.strip() in story.removed


def test_a_dash_quote_is_a_paragraph_not_a_list():
    quote = "– Det var en chock för alla, säger rektorn."
    story = parse(f"{HEAD}{quote}\n\n{LAST}")
    assert story.body[1] == quote and story.briefs == []


def test_chinese_copy_is_chinese():
    copy = (
        "澜州地铁新线开通\n\n"
        "澜州地铁五号线今天正式开通运营，连接城市东部新区与老城区，两地通行时间将大幅缩短。"
    )
    assert parse(copy).language == "zh"


def test_a_sentence_about_contributions_stays_in_the_body():
    text = "The state contributed 5 million crowns to the new ferry."
    story = parse(f"{HEAD}{text}")
    assert story.body[-1] == text and story.contributors == []


@pytest.mark.parametrize(
    "page_break",
    [
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Advertentie",
        "Anzeige",
        "Most Read from Harbour Wire\n\nCity sells its old tram depot\n\nPrices rise at the fish "
        "market\n\nWhy the bridge is late",
        "Read more:\n* City sells its old tram depot\n* Why the bridge is late",
        "Читайте також: Місто продає старе депо",
        "Continue reading the main story",
        "Article continues after this advertisement",
        "View this post on Instagram\n\nA post shared by Velm Ferries (@velmferries)",
    ],
)
def test_nothing_after_a_page_break_is_lost(page_break):
    story = parse(f"{HEAD}{page_break}\n\n{LAST}\n\nThe next sailing is at noon.")
    assert story.body == ["The ferry ran again on Monday.", LAST, "The next sailing is at noon."]
    assert story.briefs == []


def test_single_newline_paragraphs_numbered_lists_colon_headings_and_tabs():
    copy = (
        "Ferry service resumes\n"
        "OSLO, May 2 (Reuters) - The ferry ran again on Monday after a week of repairs to its "
        "hull and engines, the operator said in a statement on its website.\n"
        "\tThe operator said the repairs had cost more than it had planned for the whole year.\n"
        "What changes for passengers:\n"
        "1. Sailings start at six.\n"
        "2. Bicycles travel free.\n"
        "The next sailing is at noon.\n"
    )
    story = parse(copy)
    assert [b.heading for b in story.briefs] == ["What changes for passengers"]
    assert story.briefs[0].items == ["Sailings start at six.", "Bicycles travel free."]
    assert len(story.body) == 3 and story.body[-1] == "The next sailing is at noon."


def test_hard_wrapped_paragraphs_are_joined_and_short_lines_end_them():
    copy = (
        "Ferry service resumes\n\n"
        "OSLO, May 2 (Reuters) - The ferry ran again on Monday after a week of\n"
        "repairs to its hull, the operator said.\n"
        "Tickets cost the same as before, and the timetable has not changed\n"
        "since the spring.\n"
    )
    assert parse(copy).body == [
        "The ferry ran again on Monday after a week of repairs to its hull, the operator said.",
        "Tickets cost the same as before, and the timetable has not changed since the spring.",
    ]


@pytest.mark.parametrize(
    ("copy", "language"),
    [
        (HEAD + LAST, "en"),
        (
            "Fähre fährt wieder\n\nBerlin (dpa) - Die Fähre fährt seit Montag wieder nach "
            "Plan, teilte der Betreiber mit.",
            "de",
        ),
        (
            "Le ferry reprend du service\n\nPARIS, 2 mai (AFP) - Le ferry a repris lundi "
            "après une semaine de réparations, a indiqué l'exploitant.",
            "fr",
        ),
        (
            "Пором знову курсує\n\nКИЇВ, 2 травня (Укрінформ) – Пором знову курсує з "
            "понеділка після тижня ремонту, повідомив перевізник.",
            "uk",
        ),
        (
            "El ferry vuelve a navegar\n\nMADRID, 2 may (EFE).- El ferry volvió a navegar el "
            "lunes tras una semana de reparaciones, informó la empresa.",
            "es",
        ),
    ],
)
def test_the_language_is_identified(copy, language):
    assert parse(copy).language == language


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "<!DOCTYPE html><html><head><title>Ferry</title></head><body><p>The ferry ran."
            "</p></body></html>",
            "HTML document",
        ),
        (
            "<div class='story'><p>The ferry ran.</p><p>It ran again.</p><span>x</span><a href='"
            "/a'>a</a><b>b</b><i>i</i><em>e</em><p>p</p></div>",
            "HTML document",
        ),
        ("=" * 5000, "repeated character"),
        ("Ferry news\n\n" + "a" * 4000, "repeated character"),
        ("Ferry news\n\n" + "!?.,;:" * 300, "repeated character"),
        ("\u200b\u200b \u3000\n\n\u200b", "empty"),
        ("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Ferry news\\par }", "RTF document"),
        ("<?xml version='1.0'?>\n<newsMessage><itemSet/></newsMessage>", "XML document"),
        ("1234 .... ---- 5678 //// 9012 ,,,, 3456 " * 40, "repeated character"),
    ],
)
def test_what_is_not_copy_is_refused(data, message):
    with pytest.raises(WireParseError, match=message):
        parse(data)


@pytest.mark.parametrize(
    "paragraph",
    [
        "By Tuesday, the river had fallen by half a metre.",
        "Copyright lawyers said the clause would not survive a challenge.",
        "Copyright in the old timetable expired in 2001, the library said.",
        "Most read books this year were about the sea, the library said.",
        "Read more than 40 pages and you will find the old fares, she said.",
        "Related charges were filed against the ferry's owner on Friday.",
        "Advertisement revenue at the port fell by a third.",
        "Sign up sheets were posted at the harbour office.",
        "Our standards are high, the coach said.",
        "Contact with the crew was lost at 3 a.m.",
        "Reporting by local media suggested the ferry was overloaded.",
        "This story began in 1998, when the first ferry sank.",
        "Growers want the same rules across the region (EU/EFTA).",
        "Borrowing rose sharply, according to AFP/Getty data.",
        "Trucks queue for hours on the U.S./Mexico border, a driver said.",
        "The service runs 24/7 and costs 5 euros (adults/children).",
        "Readers can write to letters@example.com with questions.",
        "Follow the coast road north on the shores of Lake Velm.",
        "Sign up for the ferry pass opened on Monday.",
        "Graphics: the council hired a design firm for the new signs.",
        "Copyright 2019 ruling was overturned on appeal.",
        "Research by Portvale University. That was what the authority relied on.",
        "Germany, France and Italy also contributed.",
        "That was it.",
        "— Ready since when? a nurse replied.",
        "“We will rebuild.”",
    ],
)
def test_ordinary_sentences_that_look_like_furniture_stay_in_the_body(paragraph):
    story = parse(f"{HEAD}{paragraph}\n\n{LAST}")
    assert story.body == ["The ferry ran again on Monday.", paragraph, LAST]
    assert story.photos == [] and story.contributors == [] and story.byline == ""


@pytest.mark.parametrize(
    "first",
    ["NASA — the agency, not its contractor — will pay for the repairs.", "NATO - the alliance"],
)
def test_an_acronym_and_an_aside_are_not_a_dateline(first):
    story = parse(f"Ferry service resumes\n\n{first}\n\n{LAST}")
    assert story.dateline.place is None and story.body[0] == first
