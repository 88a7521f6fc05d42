"""The ``STORAGES`` setting for photo files: local files, or S3-compatible object storage.

Read by settings.py from the environment (``MEDIA_S3_*``, ``MEDIA_PUBLIC_DOMAIN``) and by the
tests that run the photo suites against an S3 server. Originals (``default``) are private and
linked by signed URLs that expire; renditions are public with plain URLs (see media/storage.py).
"""

import re

from django.core.exceptions import ImproperlyConfigured

_S3_BACKEND = "storages.backends.s3.S3Storage"
_STATIC_FILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def local_storages() -> dict:
    """Files under MEDIA_ROOT, served under MEDIA_URL: the embedded default."""
    files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {"default": files, "renditions": files, "staticfiles": _STATIC_FILES}


def _client_config():
    """SigV4 signatures, and a service that hangs costing seconds rather than minutes (botocore
    waits 60 s per try by default)."""
    from botocore.config import Config

    retries = {"max_attempts": 3, "mode": "standard"}
    return Config(signature_version="s3v4", connect_timeout=5, read_timeout=30, retries=retries)


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
        "client_config": _client_config(),
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
    bucket = env.str("MEDIA_S3_BUCKET", default="").strip()
    if not bucket:
        return local_storages()
    return object_storages(
        bucket=bucket,
        endpoint_url=env.str("MEDIA_S3_ENDPOINT_URL", default="").strip(),
        region=env.str("MEDIA_S3_REGION", default="").strip(),
        access_key=env.str("MEDIA_S3_ACCESS_KEY_ID", default="").strip(),
        secret_key=env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="").strip(),
        public_domain=public_domain(env.str("MEDIA_PUBLIC_DOMAIN", default="")),
        signed_url_seconds=signed_url_seconds(env.int("MEDIA_SIGNED_URL_SECONDS", default=3600)),
    )


_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")
# S3's limit for a presigned URL (SigV4): seven days.
_LONGEST_SIGNATURE = 7 * 24 * 3600


def public_domain(value: str) -> str:
    """``MEDIA_PUBLIC_DOMAIN``: a host name, with a port if need be. Raises ImproperlyConfigured
    for a URL or a path, which would make every rendition URL wrong."""
    value = value.strip()
    if value and not _HOST.fullmatch(value):
        raise ImproperlyConfigured(
            f"MEDIA_PUBLIC_DOMAIN is {value!r}; give the host name alone, such as "
            "img.news.example.org (no https://, no path)."
        )
    return value


def signed_url_seconds(value: int) -> int:
    """``MEDIA_SIGNED_URL_SECONDS``: 1 second to 7 days, what S3 signs. Raises
    ImproperlyConfigured outside that."""
    if not 1 <= value <= _LONGEST_SIGNATURE:
        raise ImproperlyConfigured(
            f"MEDIA_SIGNED_URL_SECONDS is {value}; it must be from 1 to {_LONGEST_SIGNATURE} "
            "(seven days, the longest S3 signs)."
        )
    return value


def _storage_errors() -> tuple[type[Exception], ...]:
    errors: tuple[type[Exception], ...] = (OSError,)
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # no object storage installed
        return errors
    return (*errors, BotoCoreError, ClientError)


# What a storage raises when it cannot be reached or refuses: local disks (OSError) and
# S3-compatible services (botocore).
STORAGE_ERRORS = _storage_errors()


def storage_answers(storage) -> bool:
    """Whether a photo storage can take a file now: its local folder exists (made if need be)
    and is writable, or its bucket answers a HEAD request (one request, nothing written)."""
    import os
    from pathlib import Path

    from django.core.files.storage import FileSystemStorage

    try:
        if isinstance(storage, FileSystemStorage):
            Path(storage.location).mkdir(parents=True, exist_ok=True)
            return os.access(storage.location, os.W_OK)
        _impatient_client(storage).head_bucket(Bucket=storage.bucket_name)
    except STORAGE_ERRORS:
        return False
    return True


def _impatient_client(storage):
    """A client for the storage's bucket that gives up within seconds: a probe or a check before
    an upload must not wait out the uploads' own timeouts and retries on a frozen service."""
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id=storage.access_key or None,
        aws_secret_access_key=storage.secret_key or None,
    )
    config = Config(
        signature_version="s3v4", connect_timeout=2, read_timeout=3, retries={"max_attempts": 1}
    )
    return session.client(
        "s3", endpoint_url=storage.endpoint_url, region_name=storage.region_name, config=config
    )
