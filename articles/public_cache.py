"""Serialised stories for the public API, in Django's cache (Redis in production).

Each published story has a generation token in the cache, replaced after every commit that
changes what the public sees of it. A cached entry is served only while its token is current,
so a reader never gets a story older than the last committed change, and a warm request or a
304 costs no database query (and, with Redis, no round trip: see newsroom/cache.py). Tokens are
random, never counters: a token evicted or expired and recreated can never match an old entry.
An entry that would change when a scheduled or embargoed story becomes public (a list page)
carries that second as `until`, and is not served from then on.

A renewal that fails because the cache is unreachable is never lost: every renewal is written
to the database (`PublicCacheRenewal`) in the transaction of the change it follows, and deleted
once applied, so one that failed is retried by the process that made the change until it
succeeds, and by beat every minute. Until the pending renewals are applied, no cached answer
is served by a process that has met the cache unreachable, or that has reconnected to it since
it last looked (Redis was away, and may have come back with entries from before the change):
such a process reads the pending renewals from the database first, applies them, and answers
from the database while it cannot. So a story taken down while Redis was away never comes back
when Redis does.
"""

import hashlib
import logging
import re
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
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


def story_key(slug: str, origin: str) -> str:
    """A story's entry for the answers at `origin` (`https://news.example.org`)."""
    return f"api:v1:story:{_plain(origin.replace('://', ':', 1))}:{_plain(slug)}"


def list_key(path: str, origin: str) -> str:
    """A list page's entry (`path` with its query string) for the answers at `origin`."""
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
    return f"api:v1:list:{origin}:{digest}"


def enabled() -> bool:
    return settings.API_DETAIL_CACHE_SECONDS > 0


def lookup(scope: str, entry_key: str) -> tuple[str, dict | None]:
    """The scope's current generation (a story's slug, or LISTS), and the cached entry if it
    was stored under that generation. `(None, None)` when the cache cannot be trusted now:
    answer from the database, and store nothing."""
    backend = caches[DEFAULT_CACHE_ALIAS]  # the proxy `cache` looks it up on every use
    if not _caught_up(backend):
        return None, None
    generation_key = _generation_key(scope)
    # With Redis: from this process's copies, which Redis invalidates as they change.
    get_many = getattr(backend, "get_many_tracked", backend.get_many)
    try:
        values = get_many([generation_key, entry_key])
        generation = values.get(generation_key)
        if generation is None:
            backend.add(generation_key, uuid.uuid4().hex, timeout=_generation_timeout())
            return backend.get(generation_key), None
    except Exception:
        # The cache is unreachable: answer from the database, and store nothing.
        logger.warning("The public cache is unreachable; serving from the database")
        _pending.suspect = True
        return None, None
    entry = values.get(entry_key)
    if entry is not None and entry["generation"] == generation and not expired(entry):
        return generation, entry
    return generation, None


def expired(entry: dict) -> bool:
    """Whether a story has become public since the entry was built (see the docstring)."""
    until = entry.get("until")
    return until is not None and time.time() >= until


def store(entry_key: str, generation: str | None, entry: dict) -> None:
    if generation is None or _pending.suspect:
        return
    try:
        cache.set(entry_key, {**entry, "generation": generation}, settings.API_DETAIL_CACHE_SECONDS)
    except Exception:
        logger.warning("The public cache is unreachable; %s not stored", entry_key)


def invalidate_on_commit(slugs) -> None:
    """After the commit, renew the generations of these stories and of every list page.

    The renewal is first written to the database in the caller's transaction, so that it
    commits with the change itself, and is deleted once applied: a renewal that fails stays
    there until it is applied (see the module's docstring)."""
    from .models import PublicCacheRenewal

    scopes = [*slugs, LISTS]
    renewal = PublicCacheRenewal.objects.create(scopes=scopes)
    transaction.on_commit(lambda: _renew(renewal.pk, scopes))


def _renew(renewal_id: int, scopes: list[str]) -> None:
    from .models import PublicCacheRenewal

    try:
        _set_generations(scopes)
    except Exception:
        logger.exception("Could not renew the public cache generations of %s; kept", scopes)
        _retry_until_applied()
        return
    try:
        PublicCacheRenewal.objects.filter(pk=renewal_id).delete()
    except Exception:  # applied; a later drain deletes the row and renews once more
        logger.warning("A public cache renewal was applied but is still on record")


def _set_generations(scopes) -> None:
    tokens = {_generation_key(scope): uuid.uuid4().hex for scope in scopes}
    cache.set_many(tokens, timeout=_generation_timeout())
    # Web processes keep local copies that Redis invalidates: the change is done when every
    # one of them has been told.
    if hasattr(cache, "invalidations_delivered"):
        cache.invalidations_delivered()


# --- Renewals that failed ------------------------------------------------------------------


class _Pending:
    """This process's view: whether it must check for pending renewals before trusting the
    cache, and the connection count it last checked at."""

    def __init__(self):
        self.suspect = False
        self.checked_connects = None
        self.lock = threading.Lock()
        self.retrying = False


_pending = _Pending()


def _connects(backend=None) -> int:
    backend = backend or caches[DEFAULT_CACHE_ALIAS]
    connects = getattr(backend, "connects", None)
    return connects() if connects else 0


def _caught_up(backend) -> bool:
    """Whether this process may serve from the cache now (see the module's docstring)."""
    connects = _connects(backend)
    if not _pending.suspect and connects == _pending.checked_connects:
        return True
    return apply_pending_renewals()


def apply_pending_renewals() -> bool:
    """Apply every renewal kept in the database; True once none is left. Safe in any process,
    at any time: a renewal applied twice only replaces a random token once more."""
    from .models import PublicCacheRenewal

    with _pending.lock:
        connects = _connects()
        try:
            pending = list(PublicCacheRenewal.objects.values_list("pk", "scopes"))
            if pending:
                _set_generations({scope for _, scopes in pending for scope in scopes})
                PublicCacheRenewal.objects.filter(pk__in=[pk for pk, _ in pending]).delete()
        except Exception:
            logger.warning("Pending public cache renewals could not be applied yet")
            _pending.suspect = True
            return False
        _pending.suspect, _pending.checked_connects = False, connects
        return True


def _retry_until_applied() -> None:
    _pending.suspect = True
    with _pending.lock:
        if _pending.retrying:
            return
        _pending.retrying = True
    threading.Thread(target=_retry, name="public-cache-renewal", daemon=True).start()


def _retry() -> None:
    """Apply the pending renewals as soon as the cache answers again: 0.25 s between tries,
    doubling up to 5 s. Beat drains them every minute too, should this process end first."""
    delay = 0.25
    try:
        while not apply_pending_renewals():
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
    finally:
        _pending.retrying = False
