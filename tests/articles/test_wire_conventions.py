"""Wire copy in other agencies' and languages' conventions, one kind at a time, with the
project's own original copy (issue: "a parser that generalises")."""

import pytest

from articles.wire import parse

BODY = "The council met on Monday.\n\nIt will meet again in May."


def _story(head: str, first: str = "OSLO, May 2 (Reuters) - The council met on Monday.", tail=""):
    return parse(f"{head}\n\n{first}\n\nIt will meet again in May.\n\n{tail}".strip())


@pytest.mark.parametrize(
    ("headline", "kind", "is_update", "sequence", "labels"),
    [
        ("CORRECTED-Port of Velm reopens", "correction", False, None, ["CORRECTED"]),
        ("REFILE-Port of Velm reopens", "refile", False, None, ["REFILE"]),
        ("EXCLUSIVE-Port of Velm reopens", "story", False, None, ["EXCLUSIVE"]),
        ("Exclusive: Port of Velm reopens", "story", False, None, ["EXCLUSIVE"]),
        ("CORRECTED-UPDATE 2-Port of Velm reopens", "correction", True, 2, ["CORRECTED"]),
        ("REFILE-UPDATE 1-Port of Velm reopens", "refile", True, 1, ["REFILE"]),
        ("REFILE-CORRECTED-Port of Velm reopens", "correction", False, None, None),
        ("UPDATE 4-EXCLUSIVE-Port of Velm reopens", "update", True, 4, ["EXCLUSIVE"]),
        ("AKTUALISIERT: Port of Velm reopens", "update", True, None, []),
        ("ACTUALIZA 2-Port of Velm reopens", "update", True, 2, []),
        ("ATUALIZA 1-Port of Velm reopens", "update", True, 1, []),
        ("MISE À JOUR: Port of Velm reopens", "update", True, None, []),
        ("ОНОВЛЕНО: Port of Velm reopens", "update", True, None, []),
        ("KORRIGIERT-Port of Velm reopens", "correction", False, None, ["KORRIGIERT"]),
        ("Corrected figures lift Velm port", "story", False, None, []),
        ("Refiled claims swamp Velm insurers", "story", False, None, []),
        ("WRAPUP 2-Port of Velm reopens", "update", True, 2, []),
        ("ROUNDUP 3: Port of Velm reopens", "update", True, 3, []),
        ("(2nd LD) Port of Velm reopens", "update", True, 2, []),
        ("(URGENT) Port of Velm reopens", "story", False, None, ["URGENT"]),
        ("RPT-Port of Velm reopens", "refile", False, None, ["RPT"]),
        ("Analysis: Port of Velm reopens", "story", False, None, ["ANALYSIS"]),
        ("Exclusive deal: Port of Velm reopens", "story", False, None, []),
    ],
)
def test_headline_labels_and_kinds(headline, kind, is_update, sequence, labels):
    story = _story(headline)
    assert story.kind == kind and story.is_update is is_update
    assert story.update_sequence == sequence
    assert story.headline in ("Port of Velm reopens", headline)
    if labels is not None:
        assert story.labels == labels


@pytest.mark.parametrize(
    ("advisory_line", "advisory", "kind"),
    [
        (
            "(Adds mayor's comments in paragraphs 3-4)",
            "Adds mayor's comments in paragraphs 3-4",
            "update",
        ),
        (
            "(Corrects name of ferry in paragraph 2)",
            "Corrects name of ferry in paragraph 2",
            "correction",
        ),
        (
            "(Refiles to add dropped word in headline)",
            "Refiles to add dropped word in headline",
            "refile",
        ),
        ("Updated: Dec 1, 2026 9:40 a.m.", "Updated: Dec 1, 2026 9:40 a.m.", "update"),
        (
            "Aktualisiert am 3. März 2026, 14:05 Uhr",
            "Aktualisiert am 3. März 2026, 14:05 Uhr",
            "update",
        ),
        (
            "Editor's note: This story has been corrected to fix the ferry's name.",
            "Editor's note: This story has been corrected to fix the ferry's name.",
            "correction",
        ),
        (
            "Published 8:02 AM EST\n\nUpdated 9:15 AM EST\n\n(Adds timetable)",
            "Adds timetable",
            "update",
        ),
    ],
)
def test_advisory_lines_before_the_dateline(advisory_line, advisory, kind):
    story = _story(f"Ferry service resumes\n\n{advisory_line}\n\nBy Ines Sampleton")
    assert story.advisory == advisory and story.kind == kind
    assert story.byline == "Ines Sampleton"
    assert (story.dateline.place, story.agency) == ("OSLO", "Reuters")
    assert story.body[0] == "The council met on Monday."


@pytest.mark.parametrize(
    ("lines", "byline"),
    [
        ("By Ines Sampleton", "Ines Sampleton"),
        ("by Ines Sampleton", "Ines Sampleton"),
        ("BY INES SAMPLETON", "INES SAMPLETON"),
        ("By Ines Sampleton and Olu Placeholder", "Ines Sampleton and Olu Placeholder"),
        ("By Ines Sampleton\nStaff Reporter", "Ines Sampleton"),
        ("By Ines Sampleton\n\nThe Harbour Courier", "Ines Sampleton"),
        ("By Ines Sampleton, Associated Press", "Ines Sampleton, Associated Press"),
        ("Von Ines Sampleton", "Ines Sampleton"),
        ("Por Inés Ejemplo y Rui Exemplo", "Inés Ejemplo y Rui Exemplo"),
        ("Ines Sampleton, Harbour Wire", "Ines Sampleton, Harbour Wire"),
        ("By INES SAMPLETON Associated Press", "INES SAMPLETON Associated Press"),
    ],
)
def test_bylines(lines, byline):
    story = _story(f"Ferry service resumes\n\n{lines}")
    assert story.byline == byline
    assert story.body == ["The council met on Monday.", "It will meet again in May."]


def test_a_sentence_starting_with_by_is_not_a_byline():
    story = parse("Ferry service resumes\n\nBy Monday, the ferry was running again.\n\n" + BODY)
    assert story.byline == "" and story.body[0] == "By Monday, the ferry was running again."


@pytest.mark.parametrize(
    ("first", "place", "date", "agency"),
    [
        ("SÃO PAULO, 3 de maio (Reuters) - Text.", "SÃO PAULO", "3 de maio", "Reuters"),
        ("КИЇВ, 20 квітня (Укрінформ) – Text.", "КИЇВ", "20 квітня", "Укрінформ"),
        ("Berlin (dpa) - Text.", "BERLIN", None, "dpa"),
        ("Frankfurt am Main (dpa) - Text.", "FRANKFURT AM MAIN", None, "dpa"),
        ("PARIS, 20 avril 2026 (AFP) - Text.", "PARIS", "20 avril 2026", "AFP"),
        ("MADRID, 20 abr (EFE).- Text.", "MADRID", "20 abr", "EFE"),
        ("ROMA, 14 mag (ANSA) - Text.", "ROMA", "14 mag", "ANSA"),
        ("(ANSA) - TRENTO, 14 MAG - Text.", "TRENTO", "14 MAG", "ANSA"),
        ("WARSZAWA, 5 listopada (PAP) - Text.", "WARSZAWA", "5 listopada", "PAP"),
        ("МОСКВА, 12 марта. /ТАСС/. Text.", "МОСКВА", "12 марта", "ТАСС"),
        ("(Bloomberg) -- Text.", None, None, "Bloomberg"),
        ("(dpa) - Text.", None, None, "dpa"),
        ("LAKEVIEW, Ont. — Text.", "LAKEVIEW, Ont.", None, ""),
        ("LONDON/SANTIAGO, Feb 2 (Reuters) - Text.", "LONDON/SANTIAGO", "Feb 2", "Reuters"),
        ("WASHINGTON, Nov. 3, 2026 (AP) — Text.", "WASHINGTON", "Nov. 3, 2026", "AP"),
        ("The mayor (who was re-elected) said - Text.", None, None, None),
        ("Nov. 3 (UPI) -- Text.", None, "Nov. 3", "UPI"),
        ("MOSCOW. March 3 (Interfax) - Text.", "MOSCOW", "March 3", "Interfax"),
        ("ST. JOHN'S, N.L. — Text.", "ST. JOHN'S, N.L.", None, ""),
        ("STOCKHOLM (TT) Text.", "STOCKHOLM", None, "TT"),
    ],
)
def test_datelines_in_every_form(first, place, date, agency):
    story = parse(f"Ferry service resumes\n\n{first}\n\nMore text.")
    assert (story.dateline.place, story.dateline.date, story.agency) == (place, date, agency)
    if agency is not None:
        assert story.body[0] == "Text."


@pytest.mark.parametrize(
    ("credit_line", "credit", "agency", "photographer"),
    [
        ("Photo by Ines Sampleton / AFP", "Ines Sampleton / AFP", "AFP", "Ines Sampleton"),
        ("Foto: Ines Sampleton/dpa", "Ines Sampleton/dpa", "dpa", "Ines Sampleton"),
        ("Фото: Олена Приклад/Укрінформ", "Олена Приклад/Укрінформ", "Укрінформ", "Олена Приклад"),
        (
            "(AP Photo/Ines Sampleton, File)",
            "AP Photo/Ines Sampleton, File",
            "AP",
            "Ines Sampleton",
        ),
        ("(Photo Léa Exemple / AFP)", "Léa Exemple / AFP", "AFP", "Léa Exemple"),
        ("Foto: ANP / Ines Sampleton", "ANP / Ines Sampleton", "ANP", "Ines Sampleton"),
        (
            "Photo: Ines Sampleton (Reuters)",
            "Ines Sampleton (Reuters)",
            "Reuters",
            "Ines Sampleton",
        ),
        ("(Xinhua/Li Example)", "Xinhua/Li Example", "Xinhua", "Li Example"),
        ("(AAP Image/Ines Sampleton)", "AAP Image/Ines Sampleton", "AAP", "Ines Sampleton"),
        (
            "Ines Sampleton/The Velm Courier via AP",
            "Ines Sampleton/The Velm Courier via AP",
            "The Velm Courier via AP",
            "Ines Sampleton",
        ),
    ],
)
def test_photo_credits_in_every_form(credit_line, credit, agency, photographer):
    story = parse(f"Ferry resumes\n\n{BODY}\n\nThe ferry leaves the quay at dawn. {credit_line}")
    [photo] = story.photos
    assert photo.caption == "The ferry leaves the quay at dawn."
    assert (photo.credit, photo.agency, photo.photographer) == (credit, agency, photographer)
    assert len(story.body) == 2
