"""Date formats with the time zone on every time the interface shows, for each of the
interface's languages (`FORMAT_MODULE_PATH`): Django's own formats for the language, with `T`
(the zone's abbreviation, e.g. UTC or CET) after each time."""

from importlib import import_module


def with_zone(language: str) -> dict:
    """Django's DATETIME_FORMAT, SHORT_DATETIME_FORMAT and TIME_FORMAT for `language` (a module
    name under `django.conf.locale`), each followed by the zone."""
    django_formats = import_module(f"django.conf.locale.{language}.formats")
    return {
        name: f"{getattr(django_formats, name)} T"
        for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT")
    }
