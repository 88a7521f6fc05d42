"""Serialised stories for the public API, in Django's cache (Redis in production).

Each published story has a generation token in the cache, replaced after every commit that
changes what the public sees of it. A cached entry is served only while its token is current,
so a reader never gets a story older than the last committed change, and a warm request or a
304 costs no database query (and, with Redis, no round trip: see newsroom/cache.py). Tokens are
random, never counters: a token evicted or expired and recreated can never match an old entry.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


# Every list page depends on this generation, renewed with any story's.
LISTS = "*lists*"


def _plain(text: str) -> str:
    """A slug as it is, anything else (an unknown slug can be any text) as a digest."""
    if _PLAIN.fullmatch(text):
        return text
    return "~" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


_PLAIN = re.compile(r"[\w*.:-]{1,120}", re.ASCII)


def _generation_key(scope: str) -> str:
    return f"api:v1:generation:{_plain(scope)}"


def _generation_timeout() -> int:
    # Tokens outlive the entries stored under them, then go: unknown slugs that are asked for
    # leave nothing behind for long. A token that expires is replaced by a new random one, which
    # no old entry can match.
    return settings.API_DETAIL_CACHE_SECONDS * 2


def story_key(slug: str, host: str) -> str:
    return f"api:v1:story:{_plain(host)}:{_plain(slug)}"


def list_key(path: str, host: str) -> str:
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
    return f"api:v1:list:{host}:{digest}"


def enabled() -> bool:
    return settings.API_DETAIL_CACHE_SECONDS > 0


def lookup(scope: str, entry_key: str) -> tuple[str, dict | None]:
    """The scope's current generation (a story's slug, or LISTS), and the cached entry if it
    was stored under that generation."""
    generation_key = _generation_key(scope)
    # With Redis: from this process's copies, which Redis invalidates as they change.
    get_many = getattr(cache, "get_many_tracked", cache.get_many)
    try:
        values = get_many([generation_key, entry_key])
        generation = values.get(generation_key)
        if generation is None:
            cache.add(generation_key, uuid.uuid4().hex, timeout=_generation_timeout())
            return cache.get(generation_key), None
    except Exception:
        # The cache is unreachable: answer from the database, and store nothing.
        logger.warning("The public cache is unreachable; serving from the database")
        return None, None
    entry = values.get(entry_key)
    if entry is not None and entry["generation"] == generation:
        return generation, entry
    return generation, None


def store(entry_key: str, generation: str | None, entry: dict) -> None:
    if generation is None:
        return
    try:
        cache.set(entry_key, {**entry, "generation": generation}, settings.API_DETAIL_CACHE_SECONDS)
    except Exception:
        logger.warning("The public cache is unreachable; %s not stored", entry_key)


def invalidate_on_commit(slugs) -> None:
    """After the commit, renew the generations of these stories and of every list page."""
    scopes = [*slugs, LISTS]
    transaction.on_commit(lambda: _renew(scopes))


def _renew(scopes: list[str]) -> None:
    try:
        tokens = {_generation_key(scope): uuid.uuid4().hex for scope in scopes}
        cache.set_many(tokens, timeout=_generation_timeout())
        # Web processes keep local copies that Redis invalidates: the change is done when
        # every one of them has been told.
        if hasattr(cache, "invalidations_delivered"):
            cache.invalidations_delivered()
    except Exception:
        # The cache is unreachable: so are the entries. Entries expire after
        # API_DETAIL_CACHE_SECONDS in any case.
        logger.exception("Could not renew the public cache generations of %s", scopes)
