"""Small database expressions the ORM lacks in a portable form."""

from django.db.models import Aggregate, JSONField


class JSONArrayAgg(Aggregate):
    """Aggregate rows into a JSON array: JSON_GROUP_ARRAY on SQLite, JSONB_AGG on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)
