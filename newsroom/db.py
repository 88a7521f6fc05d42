"""Small database expressions the ORM lacks in a portable form."""

import operator
import re
from collections.abc import Callable
from datetime import datetime

import orjson
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import NotSupportedError, connections
from django.db.models import (
    Aggregate,
    CheckConstraint,
    Func,
    JSONField,
    Model,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.functions import Cast, JSONObject
from psycopg.types.datetime import TimestamptzLoader
from psycopg.types.string import TextLoader


class JSONArrayAgg(Aggregate):
    """Aggregate rows into a JSON array: JSON_GROUP_ARRAY on SQLite, JSON_AGG on PostgreSQL
    (text JSON, as `JSONTextObject`)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_AGG", **extra)


class JSONTextObject(JSONObject):
    """Django's JSONObject, built by PostgreSQL as text JSON (JSON_BUILD_OBJECT) rather than
    jsonb: for JSON that is only read back, about twice as fast to build and to send (measured
    on a list page's lead photos with their renditions). Other databases: JSONObject's SQL."""

    def as_postgresql(self, compiler, connection, **extra_context):
        copy = self.copy()
        copy.set_source_expressions(
            [
                Cast(expression, TextField()) if index % 2 == 0 else expression
                for index, expression in enumerate(copy.get_source_expressions())
            ]
        )
        return Func.as_sql(
            copy, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context
        )


class _TimestamptzLoader(TimestamptzLoader):
    """PostgreSQL's ISO text ("2026-04-20 09:30:00.5+00") read by Python's C parser: several
    times cheaper than the default loader, which Django wraps to set the time zone, on rows that
    carry a few timestamps each. The offset is in the text, so the session's time zone does not
    matter; anything else goes to psycopg's own loader."""

    def load(self, data):
        try:
            return datetime.fromisoformat(bytes(data).decode())
        except ValueError:
            return super().load(data)


class PreparedQuery:
    """A queryset compiled to SQL once per process, then run with new parameter values.

    On the public API's hot path ORM compilation costs several times the database round trip
    of the small queries it makes. `build` receives sentinel values and returns the queryset;
    each sentinel must appear in the compiled parameters, and is replaced at run time. Rows
    come back as dictionaries keyed by the SQL column aliases, without the ORM's converters:
    callers parse what they need (JSON text, SQLite's datetime text). A datetime sentinel and
    its value are adapted as the backend stores them (SQLite: UTC text).

    On PostgreSQL every other value (a status, a kind, a role) is written into the SQL as a
    literal, and a query whose best plan does not depend on its values (`plan_once`: a unique
    key, or an index walked in order to a LIMIT) runs as a prepared statement (`run_prepared`):
    its generic plan can then use the partial indexes those literals select (`WHERE status =
    'published'`), and PostgreSQL stops planning it on every run, which was most of its time.
    """

    def __init__(self, build: Callable[..., QuerySet], *, plan_once: bool = False, **sentinels):
        self._build = build
        self._plan_once = plan_once
        self._sentinels = sentinels
        self._compiled: dict[str, tuple[str, list, dict[str, list[int]]]] = {}
        self._names: dict[str, tuple[str, ...]] = {}

    def _compile(self, alias: str):
        queryset = self._build(**self._sentinels)
        sql, params = queryset.query.get_compiler(alias).as_sql()
        params = list(params)
        adapt = connections[alias].ops.adapt_datetimefield_value
        positions = {
            name: [
                i
                for i, value in enumerate(params)
                if value in (sentinel, _adapted(adapt, sentinel))
            ]
            for name, sentinel in self._sentinels.items()
        }
        if not all(positions.values()):
            raise ValueError(f"A sentinel is missing from the compiled query: {positions}")
        if connections[alias].vendor == "postgresql":
            return _with_constants_inlined(connections[alias], sql, params, positions)
        return sql, params, positions

    def rows(self, *, using: str = "default", **values) -> list[dict]:
        connection = connections[using]
        key = connection.vendor
        if key not in self._compiled:
            self._compiled[key] = self._compile(using)
        sql, params, positions = self._compiled[key]
        params = list(params)
        adapt = connection.ops.adapt_datetimefield_value
        for name, indexes in positions.items():
            value = _adapted(adapt, values[name])
            for index in indexes:
                params[index] = value
        with connection.cursor() as cursor:
            if key == "postgresql":
                cursor.cursor.adapters.register_loader("timestamptz", _TimestamptzLoader)
            if self._plan_once:
                run_prepared(connection, cursor, sql, params)
            else:
                cursor.execute(sql, params)
            # The same SQL has the same columns: their names are read once (the driver builds
            # a description object per column on every request for them).
            names = self._names.get(key)
            if names is None:
                names = self._names[key] = tuple(column[0] for column in cursor.description)
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


_STALE_PLAN = "cached plan must not change result type"


def run_prepared(connection, cursor, sql: str, params: list) -> None:
    """Execute `sql` on `cursor` as a statement prepared in its connection (at its first run
    there, then reused), where the database allows it: PostgreSQL with server-side binding
    (`DATABASE_SERVER_SIDE_BINDING`). PostgreSQL plans a prepared statement for its values five
    times, then keeps one generic plan if that plan is as cheap: only for statements whose best
    plan is the same for every value. Other statements are never prepared (Django's default,
    kept for the ORM): a generic plan for `updated_since=` a minute ago would walk the archive.

    A migration that changes a column a prepared statement returns makes PostgreSQL refuse that
    statement for good ("cached plan must not change result type"): the connection's prepared
    statements are then dropped and the query run again, once (inside a transaction, the error
    stands, and the rollback drops them).
    """
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "server_side_binding"
    ):
        cursor.execute(sql, params)
        return
    driver = connection.connection
    configured = driver.prepare_threshold
    driver.prepare_threshold = 0  # prepare at the first run
    try:
        try:
            cursor.execute(sql, params)
        except NotSupportedError as error:
            if _STALE_PLAN not in str(error) or connection.in_atomic_block:
                raise
            # psycopg forgets its own names too when it sees this command.
            cursor.execute("DEALLOCATE ALL")
            cursor.execute(sql, params)
    finally:
        driver.prepare_threshold = configured


def read_json_as_text(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: PostgreSQL's `json` values reach Python as text, as Django
    has its `jsonb` ones, so that JSONField and orjson read what `JSONTextObject` builds."""
    if connection.vendor == "postgresql":
        connection.connection.adapters.register_loader("json", TextLoader)


_PLACEHOLDER = re.compile(r"%%|%s")


def _with_constants_inlined(connection, sql: str, params: list, positions: dict[str, list[int]]):
    """`sql` with every parameter that is not a sentinel's written in as a literal quoted by the
    database driver; the sentinels' placeholders stay, renumbered."""
    kept = sorted(index for indexes in positions.values() for index in indexes)
    new_index = {old: new for new, old in enumerate(kept)}
    counter = iter(range(len(params)))

    def replace(match: re.Match) -> str:
        if match.group() == "%%":
            return "%%"
        index = next(counter, None)
        if index is None:
            raise ValueError("The compiled query has more placeholders than parameters.")
        if index in new_index:
            return "%s"
        return connection.ops.compose_sql("%s", [params[index]]).replace("%", "%%")

    inlined = _PLACEHOLDER.sub(replace, sql)
    if next(counter, None) is not None:
        raise ValueError("The compiled query has fewer placeholders than parameters.")
    renumbered = {name: [new_index[i] for i in indexes] for name, indexes in positions.items()}
    return inlined, [params[i] for i in kept], renumbered


def _adapted(adapt, value):
    return adapt(value) if isinstance(value, datetime) else value


def json_value(value):
    """JSON from a raw row: text on every backend here, or already decoded."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def estimated_count(queryset: QuerySet) -> int:
    """The number of rows PostgreSQL's planner expects `queryset` to return, from its table
    statistics: a plan, not a scan, so it costs the same at any size. An estimate only."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json_value(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


_UNSUPPORTED = object()
_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _all(results):  # SQL's three-valued AND: None is unknown
    return False if False in results else (None if None in results else True)


def _any(results):  # and OR
    return True if True in results else (None if None in results else False)


def _evaluate(node, instance: Model, exclude: set):
    """A check constraint's condition on the instance's own values, in SQL's logic; or
    _UNSUPPORTED for anything but comparisons of its own fields with constants."""
    if isinstance(node, Q):
        results = [_evaluate(child, instance, exclude) for child in node.children]
        if any(result is _UNSUPPORTED for result in results):
            return _UNSUPPORTED
        if node.connector not in (Q.AND, Q.OR):
            return _UNSUPPORTED
        result = _all(results) if node.connector == Q.AND else _any(results)
        return (not result if result is not None else None) if node.negated else result
    if not isinstance(node, tuple) or hasattr(node[1], "resolve_expression"):
        return _UNSUPPORTED
    name, _, lookup = node[0].partition("__")
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return _UNSUPPORTED
    if name in exclude or field.attname in exclude:
        raise _Excluded  # as Django does: a condition on an excluded field is not checked
    value = getattr(instance, field.attname)
    if lookup == "isnull":
        return (value is None) == node[1]
    if lookup in ("", "exact") and node[1] is None:  # Django compiles it to IS NULL
        return value is None
    compare = _COMPARISONS.get(lookup or "exact")
    if compare is None:
        return _UNSUPPORTED
    if value is None or node[1] is None:
        return None
    return compare(value, node[1])


class _Excluded(Exception):
    pass


class _CheckedHere:
    def __init__(self, constraint: CheckConstraint):
        self.constraint = constraint

    def validate(self, model, instance, exclude=None, using=None):
        try:
            verdict = _evaluate(self.constraint.condition, instance, set(exclude or ()))
        except _Excluded:
            return
        if verdict is _UNSUPPORTED:
            self.constraint.validate(model, instance, exclude=exclude, using=using)
        elif verdict is False:
            raise ValidationError(
                self.constraint.get_violation_error_message(),
                code=self.constraint.violation_error_code,
            )


class ChecksInPython:
    """Model mixin: check constraints made of comparisons of the row's own fields are validated
    in Python (with SQL's NULL logic) instead of by one database query each, as Django does; the
    database still enforces them on write. Others, and unique constraints, go to Django."""

    def get_constraints(self):
        return [
            (
                model,
                [_CheckedHere(c) if isinstance(c, CheckConstraint) else c for c in constraints],
            )
            for model, constraints in super().get_constraints()
        ]
