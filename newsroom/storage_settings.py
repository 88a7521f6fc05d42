"""The ``STORAGES`` setting for photo files: local files, or S3-compatible object storage.

Read by settings.py from the environment (``MEDIA_S3_*``, ``MEDIA_PUBLIC_DOMAIN``) and by the
tests that run the photo suites against an S3 server. Originals (``default``) are private and
linked by signed URLs that expire; renditions are public with plain URLs (see media/storage.py).
"""

_S3_BACKEND = "storages.backends.s3.S3Storage"
_STATIC_FILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def local_storages() -> dict:
    """Files under MEDIA_ROOT, served under MEDIA_URL: the embedded default."""
    files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {"default": files, "renditions": files, "staticfiles": _STATIC_FILES}


def object_storages(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    public_domain: str | None = None,
    signed_url_seconds: int = 3600,
) -> dict:
    """Both photo storages in one bucket: ``photos/`` private, ``renditions/`` public.

    The bucket's policy grants public reads of ``renditions/*`` (see the README); no object ACL
    is set, as most S3-compatible services have them off. Keys are never overwritten: a second
    file under a taken name gets a suffix (originals) or its own folder (renditions).
    `public_domain` is a host name (a CDN's, say) that serves the bucket's renditions.
    """
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "file_overwrite": False,
        "default_acl": None,
        "signature_version": "s3v4",
    }
    originals = {**common, "querystring_auth": True, "querystring_expire": signed_url_seconds}
    renditions = {
        **common,
        "querystring_auth": False,
        "custom_domain": public_domain or None,
        # A rendition's file never changes once written (a new one gets a new name).
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    return {
        "default": {"BACKEND": _S3_BACKEND, "OPTIONS": originals},
        "renditions": {"BACKEND": _S3_BACKEND, "OPTIONS": renditions},
        "staticfiles": _STATIC_FILES,
    }


def storages_from_environment(env) -> dict:
    """Object storage when ``MEDIA_S3_BUCKET`` is set (with ``MEDIA_S3_ENDPOINT_URL``,
    ``MEDIA_S3_REGION``, ``MEDIA_S3_ACCESS_KEY_ID``, ``MEDIA_S3_SECRET_ACCESS_KEY``,
    ``MEDIA_PUBLIC_DOMAIN``, ``MEDIA_SIGNED_URL_SECONDS``), else local files. `env` is a
    django-environ ``Env``."""
    if not env.str("MEDIA_S3_BUCKET", default=""):
        return local_storages()
    return object_storages(
        bucket=env.str("MEDIA_S3_BUCKET"),
        endpoint_url=env.str("MEDIA_S3_ENDPOINT_URL", default=""),
        region=env.str("MEDIA_S3_REGION", default=""),
        access_key=env.str("MEDIA_S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("MEDIA_S3_SECRET_ACCESS_KEY", default=""),
        public_domain=env.str("MEDIA_PUBLIC_DOMAIN", default=""),
        signed_url_seconds=env.int("MEDIA_SIGNED_URL_SECONDS", default=3600),
    )
