import pytest

from tests.articles.conftest import ed, publish, small_specs  # noqa: F401
from tests.s3 import media_on_s3, s3_endpoint, s3_media  # noqa: F401


@pytest.fixture(autouse=True)
def _photo_files(request):
    """With TEST_MEDIA_STORAGE=s3, every test here stores its photos on the S3 test server."""
    if media_on_s3():
        request.getfixturevalue("s3_media")
