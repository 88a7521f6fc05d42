"""gunicorn's settings for Newsroom's web processes: `gunicorn newsroom.wsgi -c
python:newsroom.gunicorn_conf ...` (deploy/systemd/newsroom-web.service).

gunicorn's own lines (its start, its workers, its access lines) follow ``LOG_FORMAT`` as the
project's do: ``json`` gives one JSON object per line through the same formatter as Django's
and Celery's (newsroom/observability.py), on standard error, access lines on standard output,
each access line's message carrying the request's ``X-Request-ID``, at ``LOG_LEVEL``: gunicorn
then takes its logging from this configuration alone, so its ``--log-level``,
``--error-logfile`` and ``--access-logfile`` have no effect (send the streams where they should
go with the service manager, as the unit does). ``plain`` keeps gunicorn's own formats and its
options. Both are read from the process's environment (the unit's EnvironmentFile).
"""

import os

from newsroom.observability import logging_config

accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'


def gunicorn_logging(log_format: str, *, level: str) -> dict | None:
    """gunicorn's `logconfig_dict` for ``json`` lines; None (gunicorn's defaults) for ``plain``.
    Raises ImproperlyConfigured for any other format, as the settings do."""
    config = logging_config(log_format, level=level)
    if log_format != "json":
        return None
    config["handlers"]["access"] = {**config["handlers"]["console"], "stream": "ext://sys.stdout"}
    config["loggers"].update(
        {
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        }
    )
    return config


_JSON_LOGGING = gunicorn_logging(
    (os.environ.get("LOG_FORMAT") or "").strip().lower() or "plain",
    level=os.environ.get("LOG_LEVEL") or "INFO",
)
if _JSON_LOGGING is not None:
    logconfig_dict = _JSON_LOGGING
