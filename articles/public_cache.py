"""Serialised stories for the public API, in Django's cache (Redis in production).

Each published story has a generation token in the cache, replaced after every commit that
changes what the public sees of it. A cached entry is served only while its token is current,
so a reader never gets a story older than the last committed change, and a warm request or a
304 costs one cache round trip and no database query. Tokens are random, never counters: a
token evicted and recreated can never match an old entry.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def _generation_key(slug: str) -> str:
    return f"api:v1:generation:{slug}"


def _entry_key(slug: str, host: str) -> str:
    return f"api:v1:story:{host}:{slug}"


def enabled() -> bool:
    return settings.API_DETAIL_CACHE_SECONDS > 0


def lookup(slug: str, host: str) -> tuple[str, dict | None]:
    """The story's current generation, and its cached entry if that is still current."""
    generation_key, entry_key = _generation_key(slug), _entry_key(slug, host)
    values = cache.get_many([generation_key, entry_key])
    generation = values.get(generation_key)
    if generation is None:
        cache.add(generation_key, uuid.uuid4().hex, timeout=None)
        return cache.get(generation_key), None
    entry = values.get(entry_key)
    if entry is not None and entry["generation"] == generation:
        return generation, entry
    return generation, None


def store(slug: str, host: str, generation: str, entry: dict) -> None:
    cache.set(
        _entry_key(slug, host),
        {**entry, "generation": generation},
        settings.API_DETAIL_CACHE_SECONDS,
    )


def invalidate_on_commit(slugs) -> None:
    slugs = list(slugs)
    transaction.on_commit(lambda: _renew(slugs))


def _renew(slugs: list[str]) -> None:
    try:
        cache.set_many({_generation_key(slug): uuid.uuid4().hex for slug in slugs}, timeout=None)
    except Exception:
        # The cache is unreachable: so are the entries. Entries expire after
        # API_DETAIL_CACHE_SECONDS in any case.
        logger.exception("Could not renew the public cache generation of %s", slugs)
