"""What keeps a large archive as fast as a small one, checked on PostgreSQL's query plans."""

import pytest
from django.db import connection

from articles.filters import Cursor, ListQuery
from articles.models import Article
from articles.selectors import article_agencies, article_public_list, list_queryset
from loadtest.archive import generate_archive
from loadtest.text import published_number
from tests.support import query_plan as _plan

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def archive(postgres_url):
    generate_archive(1500, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def test_a_deep_cursor_starts_in_the_index_where_it_points(archive):
    story = Article.objects.get(slug=f"archive-{published_number(100)}")
    query = ListQuery(cursor=Cursor("published", story.first_published_at, story.pk))
    plan = _plan(list_queryset(query))
    assert "Index Cond: (first_published_at <=" in plan, plan
    page, _ = article_public_list(query)
    assert page[0]["first_published_at"] < story.first_published_at
    assert len(page) == 20


def test_the_updated_flag_never_reads_every_update(archive):
    plan = _plan(list_queryset(ListQuery()))
    assert "Seq Scan on articles_articleupdate" not in plan, plan
    assert "articleupdate_article_kind" in plan, plan


def test_agencies_come_from_the_index(archive):
    assert article_agencies() == sorted(set(Article.objects.values_list("agency", flat=True)))


def test_admin_search_covers_every_state_through_the_search_index(archive, admin_client):
    draft = Article.objects.filter(status=Article.Status.DRAFT).first()
    word = draft.headline.split()[0]
    page = admin_client.get("/admin/articles/article/", {"q": f"{word} {draft.slug[8:]}"})
    assert draft.headline in page.text
    from articles.selectors import search_stories

    assert "article_search_gin" in _plan(search_stories(Article.objects.all(), "zeppelin"))


def test_admin_list_estimates_a_large_count_and_pages_past_it_empty(archive, admin_client):
    page = admin_client.get("/admin/articles/article/")
    assert "about 1,5" in page.text or "about 1,4" in page.text, page.text[-3000:]
    assert admin_client.get("/admin/articles/article/?p=3").status_code == 200
    beyond = admin_client.get("/admin/articles/article/?p=29")
    assert beyond.status_code == 200
    small = admin_client.get("/admin/articles/article/", {"agency": "Harbour Wire", "q": "ferry"})
    assert " stories" in small.text and "about" not in small.text.split('class="paginator"')[1]
