"""An editor in a real browser: revise a published story as an update, see the badge and diff."""

from pathlib import Path

import pytest

from articles.models import Article
from articles.services import article_create, article_publish
from tests.factories import editor

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in_with_a_published_story(page, base_url: str) -> Article:
    ed = editor("desk-editor")
    ed.set_password("a-long-test-password")
    ed.save()
    article = article_publish(
        article=article_create(
            user=ed,
            headline="Council approves the new ferry terminal",
            body="The council voted on Monday.\n\nWork starts in June.",
        ),
        user=ed,
    )
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    return article


def test_editor_revises_a_published_story_as_an_update(live_server, browser_page):
    page = browser_page
    article = _sign_in_with_a_published_story(page, live_server.url)
    page.goto(f"{live_server.url}/admin/articles/article/")
    row = page.locator("#result_list tbody tr", has_text="ferry terminal")
    assert row.locator(".updated-badge").count() == 0

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill(
        "#id_body",
        "The council voted on Monday.\n\nWork starts in June.\n\n"
        "The harbour master welcomed the decision.",
    )
    page.select_option("#id_revision_kind", "update")
    page.fill("#id_revision_note", "Adds the harbour master's reaction.")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")

    row = page.locator("#result_list tbody tr", has_text="ferry terminal")
    assert row.locator(".updated-badge").inner_text() == "UPDATED"
    assert Article.objects.get(pk=article.pk).updates.get().note == (
        "Adds the harbour master's reaction."
    )
    _compare_and_take_screenshots(page, live_server.url, article)


def _compare_and_take_screenshots(page, base_url: str, article: Article) -> None:
    page.goto(f"{base_url}/admin/articles/article/{article.pk}/history/")
    page.click("text=Compare selected revisions")
    inserted = page.locator(".revision-diff tr.changed ins")
    assert "harbour master welcomed the decision." in " ".join(inserted.all_inner_texts())
    assert page.locator("#diff-summary").inner_text() == "6 words added, 0 words removed."
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "revision-diff.png"), full_page=True)
    page.goto(f"{base_url}/admin/articles/article/")
    page.screenshot(path=str(SCREENSHOTS / "story-list.png"), full_page=True)
