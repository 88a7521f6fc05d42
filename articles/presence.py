"""Who else has a story open: a warning for editors, never a lock.

Kept in Django's cache (Redis in production, so every web process sees it). An editor's entry
expires by itself after EDITING_PRESENCE_SECONDS without activity.
"""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)


def _read(article_id: int) -> dict:
    try:
        return cache.get(_key(article_id), {})
    except Exception:  # presence is a courtesy: an unreachable cache must not stop editing
        logger.warning("Editing presence is unavailable: the cache is unreachable")
        return {}


def _write(article_id: int, entries: dict) -> None:
    try:
        cache.set(_key(article_id), entries, settings.EDITING_PRESENCE_SECONDS)
    except Exception:
        logger.warning("Editing presence is unavailable: the cache is unreachable")


def _key(article_id: int) -> str:
    return f"articles:presence:{article_id}"


def _fresh(entries: dict, now: float) -> dict:
    ttl = settings.EDITING_PRESENCE_SECONDS
    return {user_id: entry for user_id, entry in entries.items() if now - entry["seen"] < ttl}


def presence_touch(*, article_id: int, user) -> None:
    now = timezone.now().timestamp()
    entries = _fresh(_read(article_id), now)
    entry = entries.get(str(user.pk))
    entries[str(user.pk)] = {
        "name": user.get_full_name() or user.get_username(),
        "since": entry["since"] if entry else now,
        "seen": now,
    }
    _write(article_id, entries)


def presence_leave(*, article_id: int, user) -> None:
    entries = _read(article_id)
    if entries.pop(str(user.pk), None):
        _write(article_id, entries)


def presence_others(*, article_id: int, user) -> list[dict]:
    """The other editors with the story open: [{"name": ..., "since": aware datetime}]."""
    entries = _fresh(_read(article_id), timezone.now().timestamp())
    return [
        {"name": entry["name"], "since": datetime.fromtimestamp(entry["since"], tz=UTC)}
        for user_id, entry in sorted(entries.items(), key=lambda item: item[1]["since"])
        if user_id != str(user.pk)
    ]
