"""The ``DATABASES`` setting: SQLite in the data folder, or PostgreSQL from ``DATABASE_URL``.

Read by settings.py from the environment (``DATABASE_URL``, ``CONN_MAX_AGE``,
``DATABASE_SERVER_SIDE_BINDING``; see the README's table of variables).
"""

from pathlib import Path

import environ


def databases_from_environment(env: environ.Env, data_dir: Path) -> dict:
    database = env.db_url("DATABASE_URL", default=f"sqlite:///{data_dir / 'newsroom.sqlite3'}")
    database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    database["CONN_HEALTH_CHECKS"] = True
    database["ATOMIC_REQUESTS"] = False
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Server-side binding lets the public API's hottest queries run as prepared statements
        # (newsroom.db.run_prepared). Off behind a pooler in transaction mode that cannot keep
        # prepared statements (PgBouncer before 1.21, or later without max_prepared_statements).
        options["server_side_binding"] = env.bool("DATABASE_SERVER_SIDE_BINDING", default=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite is the single-process embedded default: persistent connections buy nothing,
        # and WAL lets the development server read while a write is in progress.
        database["CONN_MAX_AGE"] = 0
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    return {"default": database}
