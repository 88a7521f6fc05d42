"""How many queries a public answer costs, built without the cache: a fixed number, whatever
the story holds or the page's size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.services import article_create, article_publish
from media.services import photo_create
from tests import images

pytestmark = pytest.mark.django_db


def _detail(client, slug, **headers):
    return client.get(f"/api/v1/articles/{slug}/", headers=headers)


def test_detail_is_one_query_whatever_its_photos_and_briefs(
    client, ed, small_specs, django_capture_on_commit_callbacks, django_assert_num_queries, settings
):
    settings.API_DETAIL_CACHE_SECONDS = 0

    def photo(caption):
        upload = SimpleUploadedFile("p.jpg", images.encode(images.photo_like(400, 300)))
        return photo_create(image=upload, caption=caption, agency="NWP", alt_text=caption)

    with django_capture_on_commit_callbacks(execute=True):
        harbour, quay, gulls = photo("Harbour."), photo("Quay."), photo("Gulls.")
        story = article_create(
            user=ed,
            headline="Ferries return",
            body="First.",
            briefs=[
                {"heading": "Timetable", "items": ["Six sailings.", "Night boat later."]},
                {"heading": "Fares", "items": ["Unchanged."]},
            ],
            photos=[
                {"photo": quay, "role": "inline"},
                {"photo": harbour, "role": "lead"},
                {"photo": gulls, "role": "inline"},
            ],
        )
        story = article_publish(article=story, user=ed)
    _detail(client, story.slug)  # the database's feature checks, once per connection
    with django_assert_num_queries(1):
        data = _detail(client, story.slug).json()
    assert data["briefs"] == [
        {"heading": "Timetable", "items": ["Six sailings.", "Night boat later."]},
        {"heading": "Fares", "items": ["Unchanged."]},
    ]
    assert [p["caption"] for p in data["photos"]] == ["Quay.", "Harbour.", "Gulls."]
    for placement in data["photos"]:
        names = [r["name"] for r in placement["renditions"]]
        assert names == sorted(names) and len(names) == 5  # two widths in two formats, a crop


def test_list_runs_at_most_six_queries_whatever_the_page_size(
    client, publish, django_assert_max_num_queries
):
    for i in range(12):
        publish(f"Story number {i}")
    for size in (3, 12):
        with django_assert_max_num_queries(6):
            data = client.get(f"/api/v1/articles/?page_size={size}").json()
        assert len(data["results"]) == size
        assert all(item["lead_photo"]["renditions"] for item in data["results"])


def test_a_slug_with_a_nul_byte_is_no_story_and_asks_nothing(
    client, publish, django_assert_num_queries, settings
):
    """PostgreSQL's text cannot hold a NUL: asking it would fail (a 500), so nothing is asked."""
    settings.API_DETAIL_CACHE_SECONDS = 0
    story = publish()
    for path in (
        f"/api/v1/articles/{story.slug}%00/",
        "/api/v1/articles/%00/",
        f"/api/v1/articles/{story.slug}%00/ninjs",
    ):
        with django_assert_num_queries(0):
            response = client.get(path, headers={"If-None-Match": '"x"'})
        assert response.status_code == 404, path
        assert response.json() == {"detail": "No published story has this slug."}
