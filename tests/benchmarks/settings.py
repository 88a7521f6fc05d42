"""Settings for the servers the API benchmark starts: the project's, plus the floor view."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
