"""Reads for the admin's story list."""

from django.db import connection
from django.db.models import Prefetch, QuerySet

from ..models import Article, ArticlePhoto
from .common import with_updated_flag


def article_admin_list_queryset(queryset: QuerySet) -> QuerySet:
    """The admin's story list: the UPDATED flag and the lead photo without a query per row."""
    lead = ArticlePhoto.objects.filter(role=ArticlePhoto.Role.LEAD).select_related("photo")
    return with_updated_flag(queryset.select_related("section")).prefetch_related(
        Prefetch("photo_placements", queryset=lead, to_attr="lead_placements")
    )


def article_agencies() -> list[str]:
    """The agencies stories came from, for the admin's filter. On PostgreSQL a skip scan of the
    agency index: one probe per agency, however many stories there are."""
    if connection.vendor == "postgresql":
        table = Article._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH RECURSIVE agencies(name) AS (
                    (SELECT agency FROM {table} WHERE agency > '' ORDER BY agency LIMIT 1)
                    UNION ALL
                    SELECT (SELECT agency FROM {table} WHERE agency > agencies.name
                            ORDER BY agency LIMIT 1)
                    FROM agencies WHERE agencies.name IS NOT NULL
                )
                SELECT name FROM agencies WHERE name IS NOT NULL
                """
            )
            return [row[0] for row in cursor.fetchall()]
    agencies = Article.objects.exclude(agency="").order_by("agency").values_list("agency")
    return [name for (name,) in agencies.distinct()]
