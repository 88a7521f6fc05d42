"""Where photo files live: originals in the `default` storage, renditions in `renditions`.

Both are Django storages chosen in settings (``STORAGES``): local files under ``MEDIA_ROOT`` by
default, or S3-compatible object storage through django-storages when ``MEDIA_S3_BUCKET`` is set.
On object storage the two differ on purpose: originals are private and the admin shows them
through signed, expiring URLs; renditions are public files with plain, stable URLs (on
``MEDIA_PUBLIC_DOMAIN``, a CDN, when set), so that cached API answers and feeds never carry a
signature that expires.
"""

import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from newsroom.storage_settings import STORAGE_ERRORS, storage_answers

RENDITIONS = "renditions"
logger = logging.getLogger(__name__)


class _RenditionStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[RENDITIONS]


rendition_storage: Storage = _RenditionStorage()


def renditions_storage() -> Storage:
    """The renditions' storage, for `Rendition.file` (a callable keeps it out of migrations)."""
    return rendition_storage


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        rendition_storage._wrapped = empty


def storage_problem() -> str | None:
    """Why the originals' storage cannot take a file now, or None: asked before an upload is
    accepted, so that the editor reads the reason on the form rather than losing the upload."""
    from django.core.files.storage import default_storage
    from django.utils.translation import gettext as _

    if storage_answers(default_storage):
        return None
    return _(
        "The photo storage cannot be reached or does not accept files just now; nothing was "
        "saved. Try again in a moment, or tell the desk's administrator if it goes on."
    )


_deferred: ContextVar[list[str] | None] = ContextVar("deferred_file_deletions", default=None)


def delete_file_on_commit(field_file) -> None:
    """Delete a stored file once the transaction that stopped referring to it commits, or,
    inside `deferring_deletion()`, leave it to the caller."""
    if not field_file.name:
        return
    if (deferred := _deferred.get()) is not None:
        deferred.append(field_file.name)
        return
    storage, name = field_file.storage, field_file.name

    def delete() -> None:
        # After the commit: what was deleted stays deleted; a storage that is away only leaves
        # a file behind, which is logged, never an error for a change that was made.
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.warning("Could not delete %s from the photo storage", name, exc_info=True)

    transaction.on_commit(delete)


@contextmanager
def deferring_deletion():
    """Collect the names of the files that rows deleted inside this block referred to, instead
    of deleting them (the caller deletes them later)."""
    names: list[str] = []
    token = _deferred.set(names)
    try:
        yield names
    finally:
        _deferred.reset(token)


def cached_answers_seconds() -> int:
    """How long a public API answer may still be served from a cache downstream (a CDN, a
    browser): its ``max-age`` and ``stale-while-revalidate`` (API_CACHE_CONTROL), plus a
    minute's margin."""
    from django.conf import settings

    found = re.findall(r"(max-age|stale-while-revalidate)\s*=\s*(\d+)", settings.API_CACHE_CONTROL)
    return sum(int(seconds) for _name, seconds in found) + 60
