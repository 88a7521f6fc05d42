"""Sitemaps of the public site's story pages, with `django.contrib.sitemaps`.

- `/sitemaps/news.xml`: a Google News sitemap (https://developers.google.com/search/docs/
  crawling-indexing/sitemaps/news-sitemap): the stories first published in the last two days,
  at most 1,000, each with its publication (name, language), publication date and title.
- `/sitemaps/archive.xml`: every public story with its last change, 50,000 a page (`?p=`).
- `/sitemap.xml`: the index of both.

Only stories public at the second of the request are listed (`selectors/visibility.py`):
no draft, embargoed, scheduled-but-not-due, unpublished or killed story, and no count of them.
Locations are the stories' canonical pages on the public site (`PUBLIC_STORY_URL_TEMPLATE`).
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.utils import timezone

from .selectors import public_last_change, public_stories, released
from .serializers import canonical_url

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs from one news sitemap.
_FIELDS = (
    "pk",
    "slug",
    "headline",
    "language",
    "first_published_at",
    "last_public_update_at",
    "public_changed_at",
    "public_version",
    "scheduled_publish_at",
)


class _StorySitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.PUBLIC_SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(canonical_url("x")).netloc

    def location(self, story):
        parts = urlsplit(canonical_url(story["slug"]))
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def lastmod(self, story):
        return released(dict(story))["public_changed_at"]

    def get_latest_lastmod(self):
        # For the index: one indexed query, not every story's lastmod.
        return public_last_change()


class NewsSitemap(_StorySitemap):
    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        since = now - NEWS_WINDOW
        recent = Q(first_published_at__gte=since) | Q(
            first_published_at__isnull=True, scheduled_publish_at__gte=since
        )
        rows = public_stories(now).filter(recent).values(*_FIELDS)
        stories = [released(dict(row)) for row in rows]
        stories.sort(key=lambda s: (s["first_published_at"], s["pk"]), reverse=True)
        publisher = settings.PUBLISHER_NAME
        return [{**story, "publisher": publisher} for story in stories[:NEWS_LIMIT]]


class ArchiveSitemap(_StorySitemap):
    limit = 50_000

    def items(self):
        return public_stories().order_by("pk").values(*_FIELDS)


SITEMAPS = {"news": NewsSitemap, "archive": ArchiveSitemap}
