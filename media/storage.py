"""Where photo files live: originals in the `default` storage, renditions in `renditions`.

Both are Django storages chosen in settings (``STORAGES``): local files under ``MEDIA_ROOT`` by
default, or S3-compatible object storage through django-storages when ``MEDIA_S3_BUCKET`` is set.
On object storage the two differ on purpose: originals are private and the admin shows them
through signed, expiring URLs; renditions are public files with plain, stable URLs (on
``MEDIA_PUBLIC_DOMAIN``, a CDN, when set), so that cached API answers and feeds never carry a
signature that expires.
"""

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

RENDITIONS = "renditions"


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
