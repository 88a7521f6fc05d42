from django.db import migrations

# Each story's search vector, kept by PostgreSQL itself in a stored generated column, with a GIN
# index over every story (the admin searches drafts too; the API adds its own status condition).
# articles.selectors.SEARCH_MATCH queries it. PostgreSQL only: SQLite searches without an index.
CREATE = [
    "DROP INDEX IF EXISTS article_search_gin",
    """
    ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig,
            COALESCE(headline, '') || ' ' || COALESCE(standfirst, '') || ' ' || COALESCE(body, ''))
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS article_search_gin ON articles_article USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS article_search_gin",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    """
    CREATE INDEX IF NOT EXISTS article_search_gin ON articles_article USING gin (
        to_tsvector('english'::regconfig,
            COALESCE(headline, '') || ' ' || COALESCE(standfirst, '') || ' ' || COALESCE(body, ''))
    ) WHERE status = 'published'
    """,
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_orderings_without_joins")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
