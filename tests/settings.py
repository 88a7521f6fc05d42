"""Test settings: the real settings, with a test-only key and fast password hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
# A developer's local .env (written by `make run`) must not change what the tests see.
os.environ.setdefault("ENV_FILE", "")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="newsroom-test-"))

from newsroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
API_DETAIL_CACHE_SECONDS = 300
# Tests run their receivers on loopback.
DISTRIBUTION_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
