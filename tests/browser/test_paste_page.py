"""An editor pastes wire copy in a real browser, reads the parse beside it, creates a draft,
then pastes the agency's correction of it and updates the same story."""

import pytest

from articles.models import Article
from tests.factories import editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COPY = """Tram line to the new hospital opens a month early

By Ines Sampleton

VELMORE, Oct. 5 (Harbour Wire) — The tram line to the new hospital opened on Monday, a month
ahead of the timetable the city published last year.

ADVERTISEMENT

Trams run every eight minutes at peak times, the operator said.

A tram waits at the hospital stop on Monday. Photo by Kai Demo / Harbour Wire

(Reporting by Ines Sampleton; Editing by Pat Editorson)
"""


def _sign_in(page, base_url: str) -> None:
    ed = editor("paste-editor")
    ed.set_password("a-long-test-password")
    ed.save()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "paste-editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")


def test_editor_pastes_copy_creates_a_draft_and_updates_it(live_server, browser_page):
    page = browser_page
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.click("text=Paste wire copy")
    page.fill("#id_copy", COPY)
    page.click("input[name=_preview]")
    assert (
        page.inner_text("#parsed-headline") == "Tram line to the new hospital opens a month early"
    )
    assert page.inner_text("#parsed-dateline") == "VELMORE, Oct. 5 (Harbour Wire)"
    assert page.inner_text("#parsed-byline") == "Ines Sampleton"
    assert page.locator("#parsed-body li").count() == 2
    assert "Kai Demo / Harbour Wire" in page.inner_text("#parsed-photos")
    assert "ADVERTISEMENT" in page.inner_text("#parsed-removed")
    assert not Article.objects.exists()  # reading the copy saves nothing

    page.click("input[name=_import]")
    page.wait_for_url("**/change/")
    article = Article.objects.get()
    assert article.status == "draft" and article.byline == "Ines Sampleton"
    assert [c["name"] for c in article.contributors] == ["Ines Sampleton", "Pat Editorson"]

    corrected = COPY.replace("By Ines", "(Corrects tram frequency in paragraph 2)\n\nBy Ines")
    page.goto(f"{live_server.url}/admin/articles/article/paste/")
    page.fill("#id_copy", "CORRECTED-" + corrected.replace("eight minutes", "six minutes"))
    page.click("input[name=_preview]")
    assert page.inner_text("#parsed-kind").startswith("correction")
    assert "This copy matches" in page.inner_text("#parsed-match")
    page.click("input[value='Update the story']")
    page.wait_for_url(f"**/{article.pk}/change/")
    assert Article.objects.count() == 1 and "six minutes" in Article.objects.get().body
