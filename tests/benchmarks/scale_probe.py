"""One round of the scale benchmark against the archive in DATABASE_URL, in this process: every
case is requested through Django's full stack (middleware, views, templates) with the API's
cache off, so that each figure is the database's and the code's, not the cache's. Prints the
median latency of each case in milliseconds, as JSON.

Whatever its size, the archive holds what a desk has waiting at any moment (`LIFECYCLE`):
stories under embargo, stories scheduled for later, and a few scheduled stories whose second has
come but whose publication beat has not recorded yet, so that every public read pays for the
visibility rules as it would in a newsroom.

    DATABASE_URL=... python -m tests.benchmarks.scale_probe --stories N [--requests 30]
"""

import argparse
import json
import os
import random
import statistics
import time
from datetime import timedelta

CASES = [
    "API list, first page",
    "API list, deep cursor",
    "API detail, recent story",
    "API detail, any story",
    "API updated_since",
    "API full-text search",
    "RSS feed",
    "admin story list",
    "admin list, filtered",
    "admin list, search",
]
# Stories under embargo, scheduled for later, and due but not yet recorded by beat.
LIFECYCLE = {"embargoed": 20, "scheduled": 5, "due": 3}
SEARCH_WORDS = ["harbour", "ferry", "budget", "railway", "election", "museum", "tariff", "storm"]


def _urls(stories: int, requests: int, seed: int) -> dict[str, list[str]]:
    """The requests of each case; varied where a real audience varies them (which story,
    how deep, which word), the same for every archive size."""
    # Fresh stories on every run: the same ones again would be served from the database's
    # caches, which hold a small archive whole but only a sliver of a large one.
    rnd = random.Random(seed)
    return {**_api_urls(stories, requests, rnd), **_page_urls()}


def _api_urls(stories: int, requests: int, rnd: random.Random) -> dict[str, list[str]]:
    from django.utils.http import urlencode

    from articles.models import Article
    from loadtest.text import published_number

    published = Article.objects.filter(status=Article.Status.PUBLISHED, slug__startswith="archive-")
    newest = published.order_by("-last_public_update_at").values_list(
        "last_public_update_at", flat=True
    )[0]
    since = (newest - timedelta(days=1)).isoformat()
    return {
        "API list, first page": ["/api/v1/articles/?page_size=20"],
        "API list, deep cursor": _deep_cursor_urls(published, stories, requests, rnd),
        # Readers mostly open the last days' stories; some come from anywhere in the archive
        # (search, old links), where the database's caches hold far less of a large archive.
        "API detail, recent story": [
            f"/api/v1/articles/archive-{published_number(stories - 1 - rnd.randrange(900))}/"
            for _ in range(requests)
        ],
        "API detail, any story": [
            f"/api/v1/articles/archive-{published_number(rnd.randrange(stories - 10))}/"
            for _ in range(requests)
        ],
        "API updated_since": [
            "/api/v1/articles/?" + urlencode({"updated_since": since, "sort": "updated"})
        ],
        "API full-text search": [
            "/api/v1/articles/?" + urlencode({"q": word}) for word in SEARCH_WORDS
        ],
    }


def _deep_cursor_urls(published, stories: int, requests: int, rnd: random.Random) -> list[str]:
    """Cursors among the oldest tenth of the archive, as a reader paging back years would."""
    from django.utils.http import urlencode

    from articles.filters import Cursor
    from loadtest.text import published_number

    urls = []
    for _ in range(requests):
        number = published_number(rnd.randrange(stories // 10))
        story = published.only("id", "first_published_at").get(slug=f"archive-{number}")
        cursor = Cursor("published", story.first_published_at, story.pk).encode()
        urls.append("/api/v1/articles/?" + urlencode({"page_size": 20, "cursor": cursor}))
    return urls


def _page_urls() -> dict[str, list[str]]:
    from django.utils.http import urlencode

    from articles.models import Section
    from loadtest.text import AGENCIES

    sections = list(Section.objects.order_by("pk").values_list("pk", flat=True))
    # Each filter gives at least a full page (50) at the smallest size, so that every size
    # shows the same number of rows.
    filters = [
        *({"status__exact": "published", "agency": agency} for agency in AGENCIES),
        *({"section__id__exact": section} for section in sections[:2]),
        {"updated": "yes", "status__exact": "published"},
    ]
    return {
        "RSS feed": ["/feeds/rss/"],
        "admin story list": ["/admin/articles/article/"],
        "admin list, filtered": ["/admin/articles/article/?" + urlencode(f) for f in filters],
        "admin list, search": [
            "/admin/articles/article/?" + urlencode({"q": word}) for word in SEARCH_WORDS
        ],
    }


def _lifecycle_stories() -> None:
    """Replace the previous round's waiting stories with `LIFECYCLE`'s, timed from now."""
    from django.utils import timezone

    from articles.models import Article

    Article.objects.filter(slug__startswith="lifecycle-").delete()
    now = timezone.now()
    later, earlier = now + timedelta(days=1), now - timedelta(seconds=30)
    rows = []
    for kind, count in LIFECYCLE.items():
        for number in range(count):
            embargoed = kind == "embargoed"
            rows.append(
                Article(
                    headline=f"Harbour story waiting, {kind} {number}",
                    slug=f"lifecycle-{kind}-{number}",
                    body="The harbour story waits for its time.",
                    status=Article.Status.PUBLISHED if embargoed else Article.Status.SCHEDULED,
                    embargo_until=later if embargoed else None,
                    scheduled_publish_at=None
                    if embargoed
                    else (later if kind == "scheduled" else earlier),
                    first_published_at=later if embargoed else None,
                    last_public_update_at=later if embargoed else None,
                    public_changed_at=later if embargoed else now,
                    public_version=1 if embargoed else 0,
                )
            )
    Article.objects.bulk_create(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    user, _ = get_user_model().objects.get_or_create(
        username="benchmark-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _lifecycle_stories()
    urls = _urls(arguments.stories, arguments.requests, arguments.seed)
    medians = {}
    for case in CASES:
        choices = urls[case]
        for url in choices[:3]:  # warm up: connections, compiled queries, templates
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{case}: {url} answered {response.status_code}")
        samples = []
        for index in range(arguments.requests):
            url = choices[index % len(choices)]
            started = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - started)
        medians[case] = statistics.median(samples) * 1000
    print(json.dumps(medians))


if __name__ == "__main__":
    main()
