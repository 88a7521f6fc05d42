"""Full-text search on PostgreSQL uses the GIN index the migration makes."""

import pytest
from django.db import connection

from articles.filters import ListQuery
from articles.selectors import article_public_list, list_queryset
from loadtest.archive import generate_archive
from tests.support import query_plan

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_search_uses_the_gin_index(postgres_url):
    generate_archive(2000, batch_size=1000)
    with connection.cursor() as cursor:
        # As VACUUM or autoanalyze would in a live database: the rows a bulk insert left in
        # the GIN index's pending list go into the index proper, which the planner then prices.
        cursor.execute("SELECT gin_clean_pending_list('article_search_gin'::regclass)")
        cursor.execute("ANALYZE articles_article")
    plan = query_plan(list_queryset(ListQuery(q="zeppelin")))
    assert "Bitmap Index Scan on article_search_gin" in plan, plan
    results, _ = article_public_list(ListQuery(q="harbour", page_size=100))
    assert results
    assert article_public_list(ListQuery(q="zeppelin"))[0] == []
