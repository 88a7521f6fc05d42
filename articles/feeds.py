"""RSS 2.0 and Atom feeds of the latest published stories.

Every text goes out through `clean_text`: the services store no character that XML 1.0 cannot
carry, but one stored before they cleaned text, or by a migration, must never make the feed
answer 500 for everybody.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from newsroom.text import clean_text

from .filters import ListQuery
from .selectors import article_public_list
from .serializers import canonical_url

FEED_LENGTH = 50


class LatestStoriesFeed(Feed):
    description = "The latest published stories, with their updates."

    def link(self):
        return settings.PUBLIC_SITE_URL

    def title(self):
        return f"{settings.PUBLISHER_NAME}: latest stories"

    def items(self):
        stories, _ = article_public_list(ListQuery(page_size=FEED_LENGTH))
        return stories

    def item_title(self, story):
        # Feeds have no separate label: the update is announced where readers look.
        headline = clean_text(story["headline"], one_line=True)
        return f"UPDATED: {headline}" if story["is_updated"] else headline

    def item_description(self, story):
        return clean_text(story["standfirst"])

    def item_link(self, story):
        return canonical_url(story["slug"])

    def item_guid(self, story):
        return canonical_url(story["slug"])

    item_guid_is_permalink = True

    def item_pubdate(self, story):
        return story["first_published_at"]

    def item_updateddate(self, story):
        return story["last_public_update_at"]

    def item_author_name(self, story):
        return clean_text(story["byline"] or story["agency"] or "", one_line=True) or None

    def item_categories(self, story):
        return [clean_text(story["section_name"])] if story["section_name"] else []


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description
