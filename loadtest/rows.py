"""Writing many rows at once, for the load-test archive: COPY on PostgreSQL (tens of thousands
of rows a second), batched INSERTs elsewhere. Our own because Django's `bulk_create` neither
uses COPY nor reserves primary keys for related rows before the insert on SQLite."""

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone


class BulkRows:
    """Fields a row leaves out take their model defaults (`auto_now` fields: this moment)."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now()

    def ids(self, model: type[models.Model], count: int) -> list[int]:
        """Primary keys reserved for `count` new rows, so that related rows can point at them."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
            first = cursor.fetchone()[0] + 1
            return list(range(first, first + count))

    def write(self, model: type[models.Model], rows: Iterable[dict]) -> None:
        rows = list(rows)
        if not rows:
            return
        given = rows[0].keys()
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.attname in given or not (f.primary_key or f.attname in ("id",))
        ]
        defaults = {f.attname: self._default(f) for f in fields if f.attname not in given}
        values = ([row.get(f.attname, defaults.get(f.attname)) for f in fields] for row in rows)
        if self.postgres:
            self._copy(model, fields, values)
        else:
            self._insert(model, fields, values)

    def _columns(self, model, fields) -> tuple[str, str]:
        table = connection.ops.quote_name(model._meta.db_table)
        return table, ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def _copy(self, model, fields, values) -> None:
        table, columns = self._columns(model, fields)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in values:
                copy.write_row(row)

    def _insert(self, model, fields, values) -> None:
        table, columns = self._columns(model, fields)
        marks = ", ".join(["%s"] * len(fields))
        prepared = [
            [f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]
            for row in values
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)

    def _default(self, field: models.Field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        return field.get_default()
