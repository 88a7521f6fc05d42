"""An editor's shift in a real browser, from the desk: write a story and publish it in one
step, see the typed counts, update it, correct it, schedule another in one step, meet the
checks before publishing, open the preview and the history, switch the interface's language;
every page fits 1280 px. Screenshots of the desk, the story form and the preview go to docs/
(shown in the README). Clicks are counted where the desk cares about them: publishing a new
story, publishing an update, correcting and scheduling."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import editor

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTH = 1280  # the desk fits a 1280 px screen without scrolling sideways

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Clicks:
    """Count an editor's clicks."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector: str):
        self.count += 1
        self.page.click(selector)


def _sign_in(page, base_url: str) -> None:
    ed = editor("shift-editor")
    ed.first_name, ed.last_name = "Ingrid", "Halvorsen"
    ed.set_password("a-long-test-password")
    ed.save()
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "shift-editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#desk")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _write_and_publish(page, click: Clicks) -> Article:
    click("a[href='/admin/articles/article/add/']")
    page.fill("#id_headline", "Ferry terminal opens after two years of work")
    page.fill("#id_standfirst", "The first boat left at dawn.")
    page.fill("#id_body", "The terminal opened on Monday.\n\nThe mayor cut the ribbon.")
    assert page.inner_text("#headline-count") == "44 characters"
    assert page.inner_text("#body-count") == "10 words, about 1 min to read"
    assert _fits(page)
    page.screenshot(path=str(DOCS / "story-form.png"), full_page=True)
    click("input[name=_saveandpublish]")
    page.wait_for_selector(".messagelist .success")
    return Article.objects.get()


def _update_from_the_desk(page, base: str, click: Clicks, article: Article) -> None:
    page.goto(f"{base}/admin/")
    assert "Ferry terminal opens" in page.inner_text("#desk-published")
    click(f"#desk-published a[href='/admin/articles/article/{article.pk}/change/']")
    page.fill("#id_body", "The terminal opened on Monday.\n\nThe mayor cut the ribbon.\n\nMore.")
    page.select_option("#id_revision_kind", "update")
    page.fill("#id_revision_note", "Adds the first passengers' numbers.")
    click("input[name=_save]")
    page.wait_for_url(f"{base}/admin/articles/article/")


def test_an_editor_s_shift_from_the_desk(live_server, browser_page):
    page, base = browser_page, live_server.url
    _sign_in(page, base)
    assert "INGRID HALVORSEN" in page.inner_text("#user-tools").upper()
    click = Clicks(page)
    article = _write_and_publish(page, click)
    assert article.status == "published"
    assert click.count == 2  # "Add story", then "Save and publish"

    click.count = 0
    _update_from_the_desk(page, base, click, article)
    assert Article.objects.get().updates.count() == 1
    assert click.count == 2  # open it from the desk, then "Save"

    page.goto(f"{base}/admin/")
    assert "Ferry terminal opens" in page.inner_text("#desk-updated")
    assert _fits(page)
    page.screenshot(path=str(DOCS / "desk.png"), full_page=True)

    # Its preview, as a reader would see it.
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.click("text=Share preview link")
    link = page.get_attribute(".messagelist .success a[href*='/preview/']", "href")
    page.goto(link)
    assert "Preview" in page.inner_text(".preview-banner")
    assert page.inner_text("h1").startswith("UPDATED")
    assert _fits(page)
    page.screenshot(path=str(DOCS / "preview.png"), full_page=True)


def _correct(page, base: str, click: Clicks, article: Article) -> None:
    page.goto(f"{base}/admin/")
    click(f"#desk-published a[href='/admin/articles/article/{article.pk}/change/']")
    page.fill("#id_body", page.input_value("#id_body").replace("Monday", "Tuesday"))
    page.select_option("#id_revision_kind", "correction")
    page.fill("#id_revision_note", "An earlier version gave the wrong day of the opening.")
    click("input[name=_save]")
    page.wait_for_url(f"{base}/admin/articles/article/")


def _schedule_in_one_step(page, base: str, click: Clicks) -> Article:
    page.goto(f"{base}/admin/")
    click("a[href='/admin/articles/article/add/']")
    page.fill("#id_headline", "Night ferry timetable for the winter")
    page.fill("#id_body", "Boats leave every two hours from December.")
    when = timezone.localtime() + timedelta(days=1)
    page.fill("#schedule-at-top", when.strftime("%Y-%m-%dT%H:%M"))
    click("button[name=_saveandschedule]")
    page.wait_for_selector(".messagelist .success")
    assert "status-scheduled" in page.inner_html(".story-status")
    return Article.objects.get(headline__startswith="Night ferry")


def test_correcting_scheduling_and_the_checks_in_a_shift(live_server, browser_page):
    page, base = browser_page, live_server.url
    _sign_in(page, base)
    click = Clicks(page)
    article = _write_and_publish(page, click)
    click.count = 0
    _correct(page, base, click, article)
    assert click.count == 2  # open it from the desk, then "Save"
    assert Article.objects.get(pk=article.pk).updates.get().kind == "correction"
    page.goto(f"{base}/admin/articles/article/{article.pk}/history/")
    assert "Correction" in page.inner_text("#revision-list") and _fits(page)

    click.count = 0
    scheduled = _schedule_in_one_step(page, base, click)
    assert scheduled.status == "scheduled" and click.count == 2  # "Add story", then schedule
    page.goto(f"{base}/admin/")
    assert "Night ferry timetable" in page.inner_text("#desk-scheduled")

    # The checks before publishing: nothing to read is refused, and said so on the form.
    page.click("a[href='/admin/articles/article/add/']")
    page.fill("#id_headline", "Headline with nothing under it")
    page.click("input[name=_saveandpublish]")
    page.wait_for_selector(".messagelist .error")
    assert "no text" in page.inner_text(".messagelist") and _fits(page)
    assert "must be fixed" in page.inner_text(".publish-checks")
    page.click("a[href$='/workflow/publish/?version=1'], .object-tools a[href*='/publish/']")
    assert "(must be fixed)" in page.inner_text("#content-main") and _fits(page)


def test_the_interface_speaks_the_editor_s_language(live_server, browser_page):
    page, base = browser_page, live_server.url
    _sign_in(page, base)
    assert "MY DRAFTS" in page.inner_text("#desk").upper()
    page.select_option("#interface-language", "de")
    page.wait_for_selector("html[lang=de]")
    assert "MEINE ENTWÜRFE" in page.inner_text("#desk").upper()
    assert "ABMELDEN" in page.inner_text("#user-tools").upper()
    page.goto(f"{base}/admin/articles/article/add/")
    assert (
        page.get_attribute("input[name=_saveandpublish]", "value")
        == "Speichern und veröffentlichen"
    )
    assert _fits(page)


def test_every_page_of_a_busy_story_fits_1280_px(live_server, browser_page):
    from django.test import RequestFactory

    from articles.services import article_create
    from articles.views import preview_url
    from tests.factories import PhotoFactory

    page, base = browser_page, live_server.url
    _sign_in(page, base)
    long_caption = "Rescue workers carry sandbags along the flooded embankment " * 6
    photos = [
        {"photo": PhotoFactory(caption=long_caption, alt_text=long_caption), "role": role}
        for role in ("lead", "inline", "inline")
    ]
    article = article_create(
        user=editor("shift-editor"),
        headline="Floods: " + "very-long-compound-word-without-spaces" * 7,
        body="x" * 3000 + "\n\nhttps://example.org/" + "a" * 400,
        photos=photos,
    )
    change = f"{base}/admin/articles/article/{article.pk}/change/"
    for url in (
        change,
        f"{base}/admin/articles/article/{article.pk}/workflow/publish/",
        f"{base}/admin/articles/article/{article.pk}/history/",
        f"{base}/admin/articles/article/",
        f"{base}/admin/media/photo/",
    ):
        page.goto(url)
        assert _fits(page), url
    # The steps stand above the form, clear of the headline.
    page.goto(change)
    tools = page.locator(".object-tools").bounding_box()
    headline = page.locator("#id_headline").bounding_box()
    assert tools["y"] + tools["height"] <= headline["y"]
    page.goto(preview_url(article, RequestFactory().get("/")).replace("http://testserver", base))
    assert _fits(page)
