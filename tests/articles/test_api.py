"""The public API: lists, details, filters, throttling, CORS, feeds, what clients sync by (caching:
test_api_caching.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section, Tag
from articles.services import (
    article_create,
    article_publish,
    article_revise,
    article_schedule,
    article_unpublish,
)

pytestmark = pytest.mark.django_db


def _detail(client, slug, **headers):
    return client.get(f"/api/v1/articles/{slug}/", headers=headers)


# --- Detail


def test_detail_shows_the_whole_story(client, publish):
    article = publish()
    response = _detail(client, article.slug)
    assert response.status_code == 200
    data = response.json()
    assert data["headline"] == "Harbour reopens after storm" and data["display_label"] is None
    assert data["dateline"] == {"place": "BERGHAVEN", "date": "March 14"}
    assert data["agency"] == "Northwind Press" and data["byline"] == "Marta Lindqvist"
    assert data["body"] == ["First paragraph.", "Second <paragraph> & more."]
    assert data["body_html"] == "<p>First paragraph.</p><p>Second &lt;paragraph&gt; &amp; more.</p>"
    assert data["briefs"] == [
        {"heading": "In Other Developments", "items": ["Rail resumes.", "Fees rise."]}
    ]
    (photo,) = data["photos"]
    assert photo["credit"] == "NWP/ANNA DE VRIES" and photo["caption"] == "Boats return."
    assert (photo["width"], photo["height"]) == (400, 300)
    assert {r["name"] for r in photo["renditions"]} == {
        "w160.jpeg",
        "w160.webp",
        "w320.jpeg",
        "w320.webp",
        "social.jpeg",
    }
    assert photo["srcset"]["webp"].endswith("w320.webp 320w")
    assert data["reading_time_minutes"] == 1 and data["word_count"] > 10
    assert data["canonical_url"] == f"https://news.example.org/{article.slug}/"
    assert data["json_ld"]["@type"] == "NewsArticle"
    assert data["json_ld"]["datePublished"] == data["first_published_at"]
    assert data["json_ld"]["author"] == [{"@type": "Person", "name": "Marta Lindqvist"}]
    assert data["json_ld"]["image"][0].endswith("social.jpeg")


def test_updated_story_shows_its_label_and_public_record(client, publish, update):
    article = publish()
    update(article, note="Adds the mayor's comments.", body="First paragraph.\n\nThe mayor spoke.")
    data = _detail(client, article.slug).json()
    assert data["display_label"] == "UPDATED" and data["is_updated"] is True
    assert [(u["kind"], u["note"]) for u in data["updates"]] == [
        ("update", "Adds the mayor's comments.")
    ]
    assert data["last_updated_at"] == data["updates"][0]["time"]


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "unpublished", "unknown"])
def test_nothing_unpublished_is_ever_shown(client, publish, ed, state):
    published = publish("A public story")
    hidden = article_create(user=ed, headline="A secret story", body="Not yet.")
    if state == "in_review":
        from articles.services import article_submit

        article_submit(article=hidden, user=ed)
    elif state == "scheduled":
        article_schedule(article=hidden, user=ed, publish_at=timezone.now() + timedelta(hours=1))
    elif state == "unpublished":
        hidden = article_publish(article=hidden, user=ed)
        article_unpublish(article=hidden, user=ed, reason="Legal")
    slug = hidden.slug if state != "unknown" else "no-such-story"
    response = _detail(client, slug)
    assert response.status_code == 404 and response.json() == {
        "detail": "No published story has this slug."
    }
    assert client.get(f"/api/v1/articles/{slug}/ninjs").status_code == 404
    listing = client.get("/api/v1/articles/").json()
    assert [s["slug"] for s in listing["results"]] == [published.slug]
    assert (
        "secret" not in client.get("/feeds/rss/").text
        and "secret" not in client.get("/feeds/atom/").text
    )
    assert client.get("/api/v1/articles/?q=secret").json()["results"] == []


# --- The list


def test_list_is_newest_first_without_the_body(client, publish):
    first, second = publish("First story"), publish("Second story")
    data = client.get("/api/v1/articles/").json()
    assert [s["slug"] for s in data["results"]] == [second.slug, first.slug]
    item = data["results"][0]
    assert "body" not in item and item["lead_photo"]["credit"] == "NWP/ANNA DE VRIES"
    assert item["url"].endswith(f"/api/v1/articles/{second.slug}/") and data["next"] is None


def test_a_cached_list_shows_a_new_story_as_soon_as_it_is_published(
    client, publish, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = publish("First story", photo=False)
    client.get("/api/v1/articles/")
    with django_assert_num_queries(0):
        assert [s["slug"] for s in client.get("/api/v1/articles/").json()["results"]] == [
            first.slug
        ]
    second = publish("Second story", photo=False)
    assert [s["slug"] for s in client.get("/api/v1/articles/").json()["results"]] == [
        second.slug,
        first.slug,
    ]


def test_cursor_pages_are_stable_while_stories_are_added(client, publish):
    stories = [publish(f"Story {i}", photo=False) for i in range(5)]
    page1 = client.get("/api/v1/articles/?page_size=2").json()
    publish("Breaking news arrives", photo=False)
    page2 = client.get(page1["next"]).json()
    page3 = client.get(page2["next"]).json()
    seen = [s["slug"] for page in (page1, page2, page3) for s in page["results"]]
    assert seen == [s.slug for s in reversed(stories)] and page3["next"] is None


def test_sort_by_update_and_filters(client, publish, update):
    section = Section.objects.create(name="World", slug="world")
    tag = Tag.objects.create(name="Harbour", slug="harbour")
    plain = publish("Plain story", photo=False, agency="Reuters")
    updated = publish("Updated story", photo=False, agency="AFP", section=section, tags=[tag])
    updated = update(updated, note="New figures.", body="Now with figures.")

    def slugs(query):
        response = client.get(f"/api/v1/articles/?{query}")
        assert response.status_code == 200, response.json()
        return [s["slug"] for s in response.json()["results"]]

    assert slugs("is_updated=true") == [updated.slug]
    assert slugs("is_updated=false") == [plain.slug]
    assert slugs("agency=reuters") == [plain.slug]
    assert slugs("section=world") == [updated.slug]
    assert slugs("tag=harbour") == [updated.slug]
    assert slugs("q=figures") == [updated.slug]
    assert slugs("sort=updated") == [updated.slug, plain.slug]
    later = (timezone.now() + timedelta(days=1)).date().isoformat()
    assert slugs(f"published_since={later}") == []
    assert slugs("updated_since=2000-01-01T00:00:00Z") == [updated.slug, plain.slug]
    assert slugs("updated_since=2000-01-01t00:00:00z") == [updated.slug, plain.slug]  # RFC 3339


def test_throttling_answers_429_with_retry_after(client, publish, monkeypatch):
    from newsroom.throttling import ResilientAnonRateThrottle as AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [client.get("/api/v1/articles/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(client.get("/api/v1/articles/")["Retry-After"]) > 0


def test_cors_for_configured_origins_read_only(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.example.org"]
    response = client.get("/api/v1/articles/", headers={"origin": "https://www.example.org"})
    assert response["Access-Control-Allow-Origin"] == "https://www.example.org"
    other = client.get("/api/v1/articles/", headers={"origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/articles/",
        headers={"origin": "https://www.example.org", "access-control-request-method": "POST"},
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert client.post("/api/v1/articles/").status_code == 405


# --- Feeds


def test_feeds_carry_updates(client, publish, update):
    article = publish("Ferry strike ends")
    update(article, note="Adds union reaction.", body="Union reacts.")
    rss = client.get("/feeds/rss/")
    assert rss.status_code == 200 and "UPDATED: Ferry strike ends" in rss.text
    assert f"https://news.example.org/{article.slug}/" in rss.text
    atom = client.get("/feeds/atom/")
    assert "<updated>" in atom.text and "Marta Lindqvist" in atom.text


def test_a_forged_forwarded_for_does_not_escape_the_rate_limit(client, publish, monkeypatch):
    from newsroom.throttling import ResilientAnonRateThrottle as AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    statuses = [
        client.get("/api/v1/articles/", headers={"x-forwarded-for": f"10.0.0.{n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


# --- What clients sync by


def test_every_public_change_moves_the_markers_clients_sync_by(
    client, publish, ed, django_capture_on_commit_callbacks
):

    article = publish(photo=False)
    before = _detail(client, article.slug).json()
    since = before["modified_at"]
    ninjs = client.get(f"/api/v1/articles/{article.slug}/ninjs").json()
    article = Article.objects.get(pk=article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        article_revise(
            article=article,
            user=ed,
            expected_version=article.version,
            kind="minor",
            standfirst="A typo fixed in the standfirst.",
        )
    after = _detail(client, article.slug).json()
    # The change, then its new word count: each a version readers can see.
    assert after["modified_at"] > since and after["version"] > before["version"]
    assert after["is_updated"] is False and after["last_updated_at"] == before["last_updated_at"]
    synced = client.get("/api/v1/articles/", {"updated_since": after["modified_at"]}).json()
    assert [s["slug"] for s in synced["results"]] == [article.slug]
    changed = client.get("/api/v1/articles/", {"sort": "changed"}).json()["results"]
    assert changed[0]["slug"] == article.slug
    again = client.get(f"/api/v1/articles/{article.slug}/ninjs").json()
    assert int(again["version"]) == after["version"] > int(ninjs["version"])
    assert again["versionCreated"] > ninjs["versionCreated"]
    assert after["json_ld"]["dateModified"] == after["modified_at"]
    rss = client.get("/feeds/rss/").content.decode()
    assert "UPDATED:" not in rss  # a minor change shows no label


def test_sort_by_change_pages_with_cursors(client, publish, ed, django_capture_on_commit_callbacks):

    stories = [publish(f"Story {n}", photo=False) for n in range(5)]
    oldest = Article.objects.get(pk=stories[0].pk)
    with django_capture_on_commit_callbacks(execute=True):
        article_revise(
            article=oldest, user=ed, expected_version=oldest.version, kind="minor", byline="Desk"
        )
    first = client.get("/api/v1/articles/", {"sort": "changed", "page_size": 2}).json()
    assert first["results"][0]["slug"] == oldest.slug
    seen = [s["slug"] for s in first["results"]]
    page = first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [s["slug"] for s in page["results"]]
    assert sorted(seen) == sorted(s.slug for s in stories) and len(seen) == 5
