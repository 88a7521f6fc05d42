"""What the public sees of a story changes: the caches are renewed after the commit, and the
story's `public_changed_at` moves, which the API's ETags, Last-Modified and `updated_since`
are keyed on.

Besides the story's own edits, a story changes when a photo it shows changes (see
`services/photos.py`), when its section or a tag is renamed or removed, and when it is deleted.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, PositiveIntegerField, Q, QuerySet, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import public_cache
from ..models import Article, StoryEvent
from .events import stories_changed, story_withdrawn, was_public


def stamp_public_change(article: Article, *, at: datetime | None = None) -> None:
    """Move the story's markers that clients sync by (`public_changed_at`, and once it has been
    published `public_version`), on the instance, before it is saved. The change is at `at`
    (default: now), or when the story's embargo ends if that is later: readers see it then, and
    a client syncing by `updated_since` must find it then."""
    now = at or timezone.now()
    article.public_changed_at = max(now, article.embargo_until or now)
    if article.first_published_at is not None:
        article.public_version += 1


def stamp_public_changes(stories: QuerySet, **fields) -> int:
    """`stamp_public_change` for every story of a queryset, in one UPDATE that also sets
    `fields`; counted in the database, so that concurrent writers never reuse a version.
    Returns how many stories were updated."""
    published = Q(first_published_at__isnull=False)
    now = timezone.now()
    return stories.update(
        public_changed_at=Greatest(Coalesce("embargo_until", now), now),
        public_version=Case(
            When(published, then=F("public_version") + 1),
            default=F("public_version"),
            output_field=PositiveIntegerField(),
        ),
        **fields,
    )


# A scheduled story changes the cached lists' next release (`selectors/visibility.py`).
_CACHED_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED, Article.Status.KILLED)


def public_changed(article: Article) -> None:
    """Renew the public caches after commit, for a story the public sees, has seen or will
    see."""
    if article.first_published_at or article.status in _CACHED_STATUSES:
        public_cache.invalidate_on_commit([article.slug])


def stories_public_changed(stories: QuerySet) -> None:
    """`public_changed` for every story of a queryset: one query, one renewal of the caches."""
    seen = Q(first_published_at__isnull=False) | Q(status__in=_CACHED_STATUSES)
    slugs = list(stories.filter(seen).values_list("slug", flat=True))
    if slugs:
        public_cache.invalidate_on_commit(slugs)


def articles_showing_photo_changed(*, photo_id: int) -> None:
    """A change to a photo is a change to every story that shows it."""
    _stories_changed(Article.objects.filter(photo_placements__photo_id=photo_id))


@transaction.atomic
def articles_delete(*, articles: QuerySet) -> int:
    """Delete stories (with their briefs, placements, updates and revisions); what the public
    saw of them leaves every cache after the commit. Returns how many rows were deleted.
    Raises `ValidationError`, deleting nothing, if any of them was killed: those are kept."""
    if articles.filter(status=Article.Status.KILLED).exists():
        raise ValidationError(_("Killed stories are kept for the record and cannot be deleted."))
    public_cache.invalidate_on_commit(
        list(articles.filter(first_published_at__isnull=False).values_list("slug", flat=True))
    )
    for article in articles.select_related("section").prefetch_related("tags"):
        story_withdrawn(article, StoryEvent.Kind.DELETED, was_public=was_public(article))
    deleted, _by_model = articles.delete()
    return deleted


def articles_taxonomy_changed(*, section_id: int | None = None, tag_id: int | None = None) -> None:
    """A renamed or removed section or tag changes every story filed under it."""
    filed = Q(pk__in=[])
    if section_id is not None:
        filed |= Q(section_id=section_id)
    if tag_id is not None:
        filed |= Q(pk__in=Article.tags.through.objects.filter(tag_id=tag_id).values("article_id"))
    _stories_changed(Article.objects.filter(filed))


def _stories_changed(stories) -> None:
    public = list(stories.filter(first_published_at__isnull=False).values_list("slug", flat=True))
    stamp_public_changes(Article.objects.filter(pk__in=stories.values("pk")))
    stories_changed(Article.objects.filter(pk__in=stories.values("pk")))
    if public:
        public_cache.invalidate_on_commit(public)
