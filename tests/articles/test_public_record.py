"""The public record: the corrections endpoint, corrections in JSON-LD, the news and archive
sitemaps; and the desk's view of schedules and embargoes in the admin."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from articles.services import (
    article_create,
    article_publish,
    article_revise,
    article_schedule,
)
from tests.articles.admin_forms import change_url

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _correct(ed, article, note):
    return article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="correction",
        note=note,
        body=article.body + "\n\nA further line.",
    )


def test_corrections_newest_first_paged_by_cursor(client, publish, ed):
    first = publish("Ferry fares rise", photo=False)
    second = publish("Bridge closes for repairs", photo=False)
    _correct(ed, first, "An earlier version gave the wrong fare.")
    _correct(ed, second, "An earlier version misstated the closing date.")
    _correct(ed, Article.objects.get(pk=first.pk), "An earlier version misspelt the port.")
    page = client.get("/api/v1/corrections/?page_size=2").json()
    notes = [entry["note"] for entry in page["results"]]
    assert notes == [
        "An earlier version misspelt the port.",
        "An earlier version misstated the closing date.",
    ]
    assert page["results"][0]["story"]["slug"] == first.slug
    assert page["results"][0]["story"]["canonical_url"].endswith(f"/{first.slug}/")
    rest = client.get(page["next"]).json()
    assert [e["note"] for e in rest["results"]] == ["An earlier version gave the wrong fare."]
    assert rest["next"] is None


def test_corrections_refuse_bad_parameters_and_hide_stories_the_public_cannot_see(
    client, publish, ed
):
    visible = publish("Ferry fares rise", photo=False)
    _correct(ed, visible, "Fare corrected.")
    hidden = article_publish(
        article=article_create(user=ed, headline="Embargoed", body="Text."),
        user=ed,
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    _correct(ed, hidden, "Hidden correction.")
    answer = client.get("/api/v1/corrections/").json()
    assert [e["note"] for e in answer["results"]] == ["Fare corrected."]
    for query in ("page_size=0", "page_size=x", "cursor=abc", "sort=published", "q=fare"):
        response = client.get(f"/api/v1/corrections/?{query}")
        assert response.status_code == 400 and "parameter" in response.json(), query
    publish("Another", photo=False)  # a list cursor is refused here
    cursor = client.get("/api/v1/articles/?page_size=1").json()["next"].split("cursor=")[1]
    assert client.get(f"/api/v1/corrections/?cursor={cursor}").status_code == 400


def test_json_ld_carries_each_correction(client, publish, ed):
    article = publish("Ferry fares rise", photo=False)
    _correct(ed, article, "An earlier version gave the wrong fare.")
    ld = client.get(f"/api/v1/articles/{article.slug}/").json()["json_ld"]
    assert ld["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version gave the wrong fare.",
            "datePublished": ld["correction"][0]["datePublished"],
        }
    ]
    plain = publish("Bridge closes", photo=False)
    assert "correction" not in client.get(f"/api/v1/articles/{plain.slug}/").json()["json_ld"]


def test_the_news_sitemap_lists_the_last_two_days_in_googles_format(client, publish, settings):
    settings.PUBLISHER_NAME = "Harbour Gazette"
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        old = publish("Old news", photo=False)
    fresh = publish("Ferry fares rise", photo=False, language="de")
    root = ET.fromstring(client.get("/sitemaps/news.xml").content)
    urls = root.findall(f"{SITEMAP}url")
    assert [u.find(f"{SITEMAP}loc").text for u in urls] == [
        f"https://news.example.org/{fresh.slug}/"
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Harbour Gazette"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "de"
    assert news.find(f"{NEWS}title").text == "Ferry fares rise"
    assert news.find(f"{NEWS}publication_date").text.startswith(str(timezone.now().year))
    archive = ET.fromstring(client.get("/sitemaps/archive.xml").content)
    locs = {u.find(f"{SITEMAP}loc").text for u in archive.findall(f"{SITEMAP}url")}
    assert locs == {f"https://news.example.org/{s.slug}/" for s in (old, fresh)}
    index = ET.fromstring(client.get("/sitemap.xml").content)
    listed = [s.find(f"{SITEMAP}loc").text for s in index.findall(f"{SITEMAP}sitemap")]
    assert listed == [
        "http://testserver/sitemaps/news.xml",
        "http://testserver/sitemaps/archive.xml",
    ]


def test_the_admin_flags_an_overdue_scheduled_story_and_shows_embargoes(editor_client, ed):
    due = timezone.now() + timedelta(minutes=5)
    article = article_schedule(
        article=article_create(user=ed, headline="Harbour fees rise", body="Text."),
        user=ed,
        publish_at=due,
    )
    embargoed = article_publish(
        article=article_create(user=ed, headline="Minister resigns", body="Text."),
        user=ed,
        embargo_until=timezone.now() + timedelta(hours=2),
    )
    listing = editor_client.get("/admin/articles/article/").text
    assert "OVERDUE" not in listing and "EMBARGOED" in listing
    with time_machine.travel(due + timedelta(seconds=1)):
        listing = editor_client.get("/admin/articles/article/").text
        form = editor_client.get(change_url(article)).text
    assert "OVERDUE" in listing and "OVERDUE" in form and "beat" in form
    assert "/workflow/change_embargo/" in editor_client.get(change_url(embargoed)).text


def test_the_admin_publishes_under_an_embargo_and_lifts_it(editor_client, ed):
    article = article_create(user=ed, headline="Minister resigns", body="Text.")
    url = f"/admin/articles/article/{article.pk}/workflow/"
    later = timezone.localtime() + timedelta(days=1)
    editor_client.post(
        url + "embargo/",
        {
            "embargo_until_0": later.strftime("%Y-%m-%d"),
            "embargo_until_1": later.strftime("%H:%M:%S"),
            "expected_version": "1",
        },
    )
    article = Article.objects.get()
    assert article.status == "published" and article.embargo_until > timezone.now()
    editor_client.post(url + "change_embargo/", {"expected_version": str(article.version)})
    article = Article.objects.get()
    assert article.embargo_until is None
    assert article.revisions.filter(kind="embargo", note="Embargo lifted").exists()
