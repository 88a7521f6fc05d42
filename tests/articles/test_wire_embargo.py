"""Embargoes as copy states them: read into a moment, or refused as unreadable and never
guessed; carried by ninjs both ways; kept by the importer, which never publishes copy whose
embargo it cannot read."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from articles.ingest import IngestRefused, ingest_story
from articles.loading import read_story
from articles.models import Article
from articles.ninjs import NinjsError, ninjs_to_story
from articles.wire import parse
from articles.wire.embargo import read_embargo
from tests.factories import editor
from tests.support import ninjs_errors

RECEIVED = datetime(2026, 3, 9, 15, 30, tzinfo=UTC)  # a Monday


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "moment"),
    [
        ("EMBARGOED until 06:00 GMT March 12", "2026-03-12 06:00"),
        ("EMBARGOED UNTIL 2301 GMT WEDNESDAY, MARCH 11", "2026-03-11 23:01"),
        ("*** EMBARGOED UNTIL 14:30 CET, 12 MARCH 2026 ***", "2026-03-12 13:30"),
        ("Embargoed until 12:01 a.m. EDT Friday, Mar. 13, 2026", "2026-03-13 04:01"),
        ("HOLD FOR RELEASE UNTIL 9 A.M. PST", "2026-03-09 17:00"),  # the next 9 a.m. PST
        ("Not for publication before 1800 BST Thursday 12 March", "2026-03-12 17:00"),
        ("UNDER EMBARGO UNTIL Mar 12, 2026, 8:15 PM GMT", "2026-03-12 20:15"),
        ("Embargoed to noon AEDT 14 March", "2026-03-14 01:00"),
        ("EMBARGO: 0730 GMT+3 11 March 2026", "2026-03-11 04:30"),
        ("Embargoed until 2026-03-12T09:45:00-04:00", "2026-03-12 13:45"),
        ("Embargo 2026-03-12 21:00 UTC", "2026-03-12 21:00"),
        ("Embargoed until midnight ET Thursday", "2026-03-12 04:00"),
        ("Sperrfrist: 12. März 2026, 10:00 Uhr MEZ", "2026-03-12 09:00"),
        ("Sperrfrist 12.03.2026, 10.00 Uhr MESZ", "2026-03-12 08:00"),
        ("Sous embargo jusqu'au 12 mars à 7h30 (heure de Paris)", "2026-03-12 06:30"),
        ("EMBARGO : jeudi 12 mars 2026, 6h00 HEC", "2026-03-12 05:00"),
        ("Embargo hasta las 10:00 GMT del 12 de marzo", "2026-03-12 10:00"),
        ("Embargo fino alle 08:00 CET del 12 marzo 2026", "2026-03-12 07:00"),
        ("Embargo tot donderdag 12 maart 2026, 09.00 uur CET", "2026-03-12 08:00"),
        ("Embargo do 12 marca 2026, godz. 11:00 CET", "2026-03-12 10:00"),
        # A numeric date that reads both ways is settled by its weekday.
        ("Embargoed until 05:00 GMT Wednesday 03/11/2026", "2026-03-11 05:00"),
        ("Embargoed until 05:00 GMT 13/03/2026", "2026-03-13 05:00"),  # 13 is no month
    ],
)
def test_embargo_lines_are_read_to_the_moment(line, moment):
    embargo = read_embargo(line, now=RECEIVED)
    assert embargo is not None and embargo.until == _utc(moment), embargo
    assert embargo.text == line


@pytest.mark.parametrize(
    "line",
    [
        "Embargoed until 09:00 on 12 March",  # no zone
        "EMBARGOED UNTIL 0900 IST 12 MARCH",  # India, Ireland or Israel
        "EMBARGOED UNTIL FURTHER NOTICE",
        "Embargoed until 05:00 GMT 03/04/2026",  # 3 April or 4 March
        "Embargoed until 0900 local time 12 March",
        "EMBARGOED UNTIL 0600 GMT FRIDAY 12 MARCH 2026",  # 12 March 2026 is a Thursday
        "Embargoed until 25:10 GMT 12 March",
        "Embargoed until 9999-12-31T23:00 EST",  # past the end of the calendar in UTC
        "EMBARGOED UNTIL 0001-01-01T00:30 CET",
    ],
)
def test_an_embargo_that_cannot_be_read_for_certain_is_not_guessed(line):
    embargo = read_embargo(line, now=RECEIVED)
    assert embargo is not None and embargo.until is None and embargo.problem


@pytest.mark.parametrize(
    "line",
    [
        "Embargo on grain shipments eased",
        "Arms embargo talks resume in Vienna",
        "Embargo: what the new sanctions mean for exporters",
        "The embargo, imposed in 2019, ends on 12 March.",
        "Embargoes hit coffee prices",
    ],
)
def test_a_headline_about_an_embargo_is_no_embargo_line(line):
    assert read_embargo(line, now=RECEIVED) is None


COPY = """{line}

Water board to cut bills after record rainfall

ASHFORD VALE, March 9 (Northwind Press) - The regional water board will cut household bills by
6 percent from April, its chair said on Monday.

Reservoirs are at their highest level since records began.
"""


def test_the_parser_takes_the_embargo_line_out_of_the_copy_wherever_it_stands():
    line = "EMBARGOED until 06:00 GMT March 12"
    top = parse(COPY.format(line=line), now=RECEIVED)
    foot = parse(COPY.format(line="") + f"\n{line}\n", now=RECEIVED)
    between = parse(
        COPY.format(line="").replace("rainfall\n", f"rainfall\n\n{line}\n"), now=RECEIVED
    )
    for story in (top, foot, between):
        assert story.headline == "Water board to cut bills after record rainfall"
        assert story.embargo_until == _utc("2026-03-12 06:00")
        assert all(line not in paragraph for paragraph in story.body)


def test_a_press_releases_for_immediate_release_line_is_not_the_headline():
    story = parse(COPY.format(line="FOR IMMEDIATE RELEASE"), now=RECEIVED)
    assert story.headline == "Water board to cut bills after record rainfall"
    assert story.embargo == "" and "FOR IMMEDIATE RELEASE" in story.removed


def test_the_dry_run_shows_the_embargo(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(COPY.format(line="EMBARGOED until 06:00 GMT March 12"))
    (tmp_path / "b.txt").write_text(COPY.format(line="EMBARGOED UNTIL 0900 IST 12 MARCH"))
    with time_machine.travel(RECEIVED, tick=False):
        call_command("ingest", "--dry-run", str(tmp_path))
    lines = {
        json.loads(line)["file"][-5:]: json.loads(line)
        for line in capsys.readouterr().out.splitlines()
    }
    assert lines["a.txt"]["embargo"] == {
        "as_written": "EMBARGOED until 06:00 GMT March 12",
        "until": "2026-03-12T06:00:00Z",
        "problem": None,
    }
    assert lines["b.txt"]["embargo"]["until"] is None
    assert "more than one zone" in lines["b.txt"]["embargo"]["problem"]


@pytest.mark.django_db
def test_an_import_publishes_under_the_embargo_and_holds_copy_whose_embargo_is_unreadable():
    ed = editor("ed")
    with time_machine.travel(RECEIVED, tick=False):
        embargoed = ingest_story(
            parse(COPY.format(line="EMBARGOED until 06:00 GMT March 12")), user=ed, publish=True
        )
        unreadable = ingest_story(
            parse(COPY.format(line="Embargoed until 09:00 on 12 March").replace("Water", "Gas")),
            user=ed,
            publish=True,
        )
    assert embargoed.published
    story = Article.objects.get(pk=embargoed.article.pk)
    assert story.status == Article.Status.PUBLISHED
    assert story.embargo_until == story.first_published_at == _utc("2026-03-12 06:00")
    assert not unreadable.published and "cannot be read" in unreadable.held
    assert Article.objects.get(pk=unreadable.article.pk).status == Article.Status.DRAFT


@pytest.mark.django_db
def test_a_draft_keeps_the_embargo_of_its_copy_until_it_is_published():
    from articles.services import article_publish

    ed = editor("ed")
    with time_machine.travel(RECEIVED, tick=False):
        draft = ingest_story(parse(COPY.format(line="EMBARGOED until 06:00 GMT March 12"))).article
        assert draft.embargo_until == _utc("2026-03-12 06:00")
        published = article_publish(article=draft, user=ed)
    assert published.embargo_until == _utc("2026-03-12 06:00")
    assert published.revisions.filter(kind="embargo").exists()


NINJS = {
    "uri": "urn:example:wire:2026:water-bills",
    "headlines": [{"role": "main", "value": "Water bills to fall"}],
    "bodies": [{"role": "main", "contentType": "text/plain", "value": "Bills fall."}],
    "language": "en",
}


def test_ninjs_import_keeps_the_embargo_in_either_major_version():
    three = ninjs_to_story({**NINJS, "embargoedUntil": "2026-03-12T07:00:00+01:00"})
    two = {
        "uri": "urn:example:wire:2",
        "headlines": [{"role": "main", "value": "Water bills to fall"}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Bills fall."}],
        "embargoed": "2026-03-12T06:00:00Z",
    }
    assert three.embargo_until == _utc("2026-03-12 06:00")
    assert ninjs_to_story(two).embargo_until == _utc("2026-03-12 06:00")
    withheld = ninjs_to_story({**NINJS, "pubStatus": "withheld"})
    assert withheld.embargo and withheld.embargo_until is None
    with pytest.raises(NinjsError, match="canceled"):
        ninjs_to_story({**NINJS, "pubStatus": "canceled"})
    for bad in ("next Tuesday", "2026-03-12T06:00:00", 1773295200, "0001-01-01T00:00:00+01:00"):
        with pytest.raises(NinjsError):
            ninjs_to_story({**NINJS, "embargoedUntil": bad})


@pytest.mark.django_db
def test_ninjs_export_carries_the_embargo_and_reimports_it(client):
    from articles.services import article_create, article_publish

    ed = editor("ed")
    until = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    article = article_publish(
        article=article_create(user=ed, headline="Bills fall", body="Text."),
        user=ed,
        embargo_until=until,
    )
    with time_machine.travel(until + timedelta(seconds=1), tick=False):
        three = client.get(f"/api/v1/articles/{article.slug}/ninjs").json()
        two = client.get(f"/api/v1/articles/{article.slug}/ninjs?version=2").json()
    stamp = until.isoformat().replace("+00:00", "Z")
    assert three["embargoedUntil"] == stamp and two["embargoed"] == stamp
    assert ninjs_errors("3.1", three) == [] and ninjs_errors("2.2", two) == []
    again = read_story(json.dumps({**three, "uri": "urn:other"}).encode(), name="x.json")
    assert again.embargo_until == until


@pytest.mark.django_db
def test_copy_for_a_killed_story_is_refused():
    from articles.services import article_kill, article_publish

    ed = editor("ed")
    story = parse(COPY.format(line=""))
    article = article_publish(article=ingest_story(story).article, user=ed)
    article_kill(article=article, user=ed, notice="Legal advice.")
    changed = parse(COPY.format(line="").replace("6 percent", "7 percent"))
    with pytest.raises(IngestRefused, match="killed"):
        ingest_story(changed, publish=True)
    assert Article.objects.get().status == Article.Status.KILLED


@pytest.mark.django_db
def test_embargoed_copy_for_a_story_readers_see_is_refused_and_changes_nothing():
    from articles.services import article_publish, article_schedule

    ed = editor("ed")
    live = article_publish(article=ingest_story(parse(COPY.format(line=""))).article, user=ed)
    update = COPY.format(line="EMBARGOED until 06:00 GMT March 12").replace("6 percent", "9")
    unreadable = COPY.format(line="EMBARGOED UNTIL 0900 IST 12 MARCH").replace("6 percent", "9")
    with time_machine.travel(RECEIVED, tick=False):
        for copy in (update, unreadable):
            with pytest.raises(IngestRefused, match="break the embargo"):
                ingest_story(parse(copy), publish=True)
    assert "6 percent" in Article.objects.get(pk=live.pk).body
    # A story scheduled before the embargo its new copy states: refused, to be rescheduled.
    draft = ingest_story(parse(COPY.format(line="").replace("Water", "Gas"))).article
    with time_machine.travel(RECEIVED, tick=False):
        article_schedule(article=draft, user=ed, publish_at=_utc("2026-03-11 06:00"))
        later = COPY.format(line="EMBARGOED until 06:00 GMT March 12").replace("Water", "Gas")
        with pytest.raises(IngestRefused, match="reschedule"):
            ingest_story(parse(later.replace("6 percent", "8 percent")))
    assert Article.objects.get(pk=draft.pk).embargo_until is None
