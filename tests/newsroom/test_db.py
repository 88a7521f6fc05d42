import pytest

from articles.models import Article
from articles.services import article_create
from newsroom.db import PreparedQuery, json_value

pytestmark = pytest.mark.django_db


def test_prepared_query_compiles_once_and_substitutes_values():
    first = article_create(user=None, headline="First story")
    second = article_create(user=None, headline="Second story")
    built = []

    def build(slug):
        built.append(slug)
        return Article.objects.filter(slug=slug).values("pk", "headline")

    query = PreparedQuery(build, slug="\x00sentinel\x00")
    assert query.rows(slug=first.slug) == [{"pk": first.pk, "headline": "First story"}]
    assert query.rows(slug=second.slug) == [{"pk": second.pk, "headline": "Second story"}]
    assert query.rows(slug="missing") == []
    assert len(built) == 1


def test_a_sentinel_that_does_not_reach_the_sql_is_refused():
    query = PreparedQuery(lambda slug: Article.objects.values("pk"), slug="\x00unused\x00")
    with pytest.raises(ValueError, match="sentinel"):
        query.rows(slug="x")


def test_json_value_accepts_text_and_decoded_values():
    assert json_value('[{"a": 1}]') == [{"a": 1}]
    assert json_value([{"a": 1}]) == [{"a": 1}]
    assert json_value(None) is None


@pytest.mark.services
def test_timestamps_are_read_right_whatever_the_session_time_zone(postgres_url):
    from django.db import connection

    from articles.services import article_publish
    from tests.factories import editor

    query = PreparedQuery(
        lambda slug: Article.objects.filter(slug=slug).values("first_published_at"), slug="\x00s"
    )
    ed = editor("ed")
    article = article_publish(
        article=article_create(user=ed, headline="Dated", body="Text."), user=ed
    )
    try:
        for zone in ("UTC", "Asia/Kolkata", "America/St_Johns"):
            with connection.cursor() as cursor:
                cursor.execute(f"SET TIME ZONE '{zone}'")
            published = query.rows(slug=article.slug)[0]["first_published_at"]
            assert published == article.first_published_at, zone
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")


@pytest.mark.services
def test_constants_are_written_into_the_sql_and_only_sentinels_stay_parameters(postgres_url):
    """A constant in the SQL lets a prepared statement's generic plan use the partial index it
    selects; quoting is the driver's, and a percent sign in a constant survives."""
    cheap = article_create(user=None, headline="Fares 50% off", agency="AP")
    article_create(user=None, headline="Fares 50 off", agency="AP")
    article_create(user=None, headline="Fares 50% off", agency="O'Hara's")
    query = PreparedQuery(
        lambda agency: Article.objects.filter(
            agency=agency, headline__contains="50%", status=Article.Status.DRAFT
        ).values("pk"),
        agency="\x00agency\x00",
    )
    assert query.rows(agency="AP") == [{"pk": cheap.pk}]
    assert len(query.rows(agency="O'Hara's")) == 1
    sql, params, positions = query._compiled["postgresql"]
    assert params == ["\x00agency\x00"] and positions == {"agency": [0]}
    assert "= 'draft'" in sql and "E'%%50" in sql
