"""An S3-compatible server for the tests: moto's server mode, on loopback, in this process.

`TEST_MEDIA_STORAGE=s3` runs the photo and rendition suites (tests/media) on it instead of local
files; `make test-services` and CI do so. The server binds port 0, so no other process can take
its port between choosing and binding.
"""

import contextlib
import json
import os
import uuid

import boto3
import pytest

from newsroom.storage_settings import object_storages

REGION = "us-east-1"
KEYS = {"aws_access_key_id": "newsroom-test", "aws_secret_access_key": "newsroom-test-secret"}


def media_on_s3() -> bool:
    return os.environ.get("TEST_MEDIA_STORAGE", "local") == "s3"


@contextlib.contextmanager
def s3_server(address: str = "127.0.0.1"):
    """Yield the endpoint URL of a fresh moto S3 server on `address` (loopback by default)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=address, port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)


def new_bucket(endpoint: str, *, public_renditions: bool = False) -> str:
    """A new bucket; with `public_renditions`, the README's policy: anyone may read
    renditions/*, nothing else."""
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    s3 = client(endpoint)
    s3.create_bucket(Bucket=name)
    if public_renditions:
        statement = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{name}/renditions/*",
        }
        policy = {"Version": "2012-10-17", "Statement": [statement]}
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    return name


def storages_for(endpoint: str, bucket: str, **options) -> dict:
    return object_storages(
        bucket=bucket,
        endpoint_url=endpoint,
        region=REGION,
        access_key=KEYS["aws_access_key_id"],
        secret_key=KEYS["aws_secret_access_key"],
        **options,
    )


@pytest.fixture(scope="session")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_media(s3_endpoint, settings):
    """Photo files on a new bucket of the test S3 server for this test; yields the bucket."""
    bucket = new_bucket(s3_endpoint)
    settings.STORAGES = storages_for(s3_endpoint, bucket)
    return bucket
