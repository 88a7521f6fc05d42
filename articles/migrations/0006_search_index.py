from django.db import migrations

# The same expression as the search used to compile to, so that the planner used
# it; partial, like every public query. PostgreSQL only: SQLite searches without an index.
CREATE = """
CREATE INDEX IF NOT EXISTS article_search_gin ON articles_article USING gin (
    to_tsvector('english'::regconfig,
        COALESCE(headline, '') || ' ' || COALESCE(standfirst, '') || ' ' || COALESCE(body, ''))
) WHERE status = 'published'
"""
DROP = "DROP INDEX IF EXISTS article_search_gin"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_public_changed_at")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
