from tests.s3 import s3_endpoint, s3_media  # noqa: F401
