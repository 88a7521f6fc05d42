"""What the kind of the agency's copy (story, update, correction, refile) does to the story
and its public record, on first import and on copy for a story already in the newsroom."""

import pytest

from articles.ingest import ingest_story
from articles.models import ArticleUpdate
from articles.services import article_publish
from articles.wire import parse
from tests.factories import editor

pytestmark = pytest.mark.django_db

STORY = """{marker}Lakeside school reopens after flood repairs

{advisory}

{place}, Sept. 8 (Harbour Wire) - The lakeside school reopened on Monday after {weeks} weeks of
repairs to its flooded ground floor.

Pupils had been taught in the town hall since May.

(Reporting by Ines Sampleton; Editing by Pat Editorson)
"""


def _copy(marker="", advisory="", weeks="ten", place="VELMORE"):
    return parse(STORY.format(marker=marker, advisory=advisory, weeks=weeks, place=place))


def _entries(article):
    return [(u.kind, u.note) for u in article.updates.order_by("created_at")]


def test_copy_first_imported_as_an_update_shows_readers_it_was_updated():
    copy = _copy("UPDATE 3-", "(Adds pupils' return in paragraph 2)")
    article = ingest_story(copy, publish=True).article
    assert article.is_updated and article.display_label == "UPDATED"
    assert _entries(article) == [("update", "Adds pupils' return in paragraph 2")]
    assert (article.source_kind, article.source_update_sequence) == ("update", 3)
    assert article.contributors == [
        {"name": "Ines Sampleton", "role": "reporting"},
        {"name": "Pat Editorson", "role": "editing"},
    ]
    assert "Reporting by" not in article.body


def test_an_update_without_an_advisory_says_who_updated_it_and_when():
    article = ingest_story(_copy("UPDATE 2-"), publish=True).article
    assert _entries(article) == [
        ("update", "Already updated by Harbour Wire when first published here (update 2).")
    ]
    stamped = ingest_story(
        _copy("", "Updated: Sept. 8, 2026 10:20 a.m.", place="ORMSBY"), publish=True
    ).article
    assert stamped.updates.get().note == (
        "Already updated by Harbour Wire when first published here "
        "(Updated: Sept. 8, 2026 10:20 a.m.)."
    )


def test_update_copy_imported_as_a_draft_gets_its_entry_when_an_editor_publishes_it():
    article = ingest_story(_copy("UPDATED: ")).article
    assert not article.updates.exists()
    article = article_publish(article=article, user=editor())
    assert article.is_updated and article.updates.get().kind == ArticleUpdate.Kind.UPDATE
    assert article.updates.count() == 1


def test_plain_and_corrected_copy_first_imported_shows_no_label():
    plain = ingest_story(_copy(), publish=True).article
    corrected = ingest_story(
        _copy("CORRECTED-", "(Corrects number of weeks)", place="ORMSBY"), publish=True
    ).article
    assert not plain.is_updated and not plain.updates.exists()
    # Readers never saw the error: there is nothing to correct on our record.
    assert not corrected.is_updated and not corrected.updates.exists()


def test_corrected_copy_of_a_published_story_is_a_correction_with_its_advisory():
    first = ingest_story(_copy(), publish=True).article
    copy = _copy("CORRECTED-", "(Corrects number of weeks in paragraph 1)", weeks="eleven")
    result = ingest_story(copy)
    assert result.status == "updated" and result.article.pk == first.pk
    assert _entries(result.article) == [("correction", "Corrects number of weeks in paragraph 1")]
    assert not result.article.is_updated  # a correction is not an update


def test_update_copy_of_a_published_story_uses_its_advisory_as_the_note():
    first = ingest_story(_copy(), publish=True).article
    result = ingest_story(_copy("UPDATE 1-", "(Adds cost of repairs)", weeks="eleven"))
    assert result.article.pk == first.pk
    assert _entries(result.article) == [("update", "Adds cost of repairs")]


def test_a_refile_of_a_published_story_is_a_minor_change_off_the_record():
    first = ingest_story(_copy(), publish=True).article
    result = ingest_story(_copy("REFILE-", "(Refiles to fix typo)", weeks="ten  "))
    assert result.status == "unchanged"  # the same words: nothing to do
    refiled = ingest_story(_copy("REFILE-", "(Refiles to fix typo)", weeks="10"))
    assert refiled.status == "updated" and refiled.article.pk == first.pk
    assert not refiled.article.updates.exists()
    assert refiled.article.revisions.order_by("-number").first().kind == "minor"


def test_a_correction_advisory_on_update_copy_makes_it_a_correction():
    first = ingest_story(_copy(), publish=True).article
    copy = _copy("UPDATE 2-", "(Corrects number of weeks in paragraph 1)", weeks="eleven")
    assert copy.kind == "correction"
    result = ingest_story(copy)
    assert result.article.pk == first.pk
    assert _entries(result.article) == [("correction", "Corrects number of weeks in paragraph 1")]


def test_a_time_stamp_is_not_the_note_of_an_update():
    first = ingest_story(_copy(), publish=True).article
    result = ingest_story(_copy("", "Updated: Sept. 8, 2026 10:20 a.m.", weeks="eleven"))
    assert result.article.pk == first.pk
    assert _entries(result.article) == [
        ("update", "Updated with new information from Harbour Wire.")
    ]
