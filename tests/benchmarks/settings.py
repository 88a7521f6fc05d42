"""Settings for the servers the API benchmark starts: the project's, plus the floor, answered
where the public API's cached answers are (tests/benchmarks/floor.py)."""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

ROOT_URLCONF = "tests.benchmarks.urls"
_PUBLIC_ANSWERS = MIDDLEWARE.index("articles.middleware.PublicAnswerMiddleware")
MIDDLEWARE = [
    *MIDDLEWARE[:_PUBLIC_ANSWERS],
    "tests.benchmarks.floor.FloorMiddleware",
    *MIDDLEWARE[_PUBLIC_ANSWERS:],
]
