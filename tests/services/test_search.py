"""Full-text search on PostgreSQL uses the GIN index the migration makes."""

import pytest
from django.db import connection

from articles.filters import ListQuery
from articles.selectors import _list_queryset

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_search_uses_the_gin_index(postgres_url):
    sql, params = _list_queryset(ListQuery(q="harbour ferry")).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "article_search_gin" in plan
