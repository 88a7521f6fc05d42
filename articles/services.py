"""Every write to a story goes through these functions: the admin, the API, ingest and the tasks.

They are keyword-only, run in a transaction, validate with `full_clean()`, and hold every rule
about a story's state.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Article, ArticlePhoto, ArticleUpdate, BriefBox, BriefItem

SLUG_MAX_LENGTH = 80

# Fields an editor changes through `article_update`; status and the public record change only
# through the workflow functions.
EDITABLE_FIELDS = frozenset(
    {
        "headline",
        "slug",
        "standfirst",
        "byline",
        "agency",
        "dateline_place",
        "dateline_date",
        "body",
        "section",
        "language",
    }
)


class ArticleConflict(Exception):
    """The story changed since the editor loaded it."""

    def __init__(self, *, article: Article, expected_version: int):
        self.article = article
        self.expected_version = expected_version
        who = article.changed_by.get_username() if article.changed_by else "someone"
        when = timezone.localtime(article.changed_at).strftime("%Y-%m-%d %H:%M")
        super().__init__(
            f"This story was changed by {who} at {when} (version {article.version}) after you "
            f"opened version {expected_version}. Your text has not been saved."
        )


def _slug_base(headline: str) -> str:
    base = slugify(headline)[:SLUG_MAX_LENGTH].strip("-")
    return base or "story"


def _unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    base = _slug_base(headline)
    taken = set(
        Article.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _save_with_unique_slug(article: Article) -> None:
    """Save, and if a concurrent writer took the slug in between, retry with a random suffix."""
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        if not Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
            raise
        article.slug = f"{article.slug[: SLUG_MAX_LENGTH - 7]}-{secrets.token_hex(3)}"
        article.save()


def _replace_briefs(article: Article, briefs: Iterable[dict]) -> None:
    article.brief_boxes.all().delete()
    for box_position, box in enumerate(briefs):
        brief_box = BriefBox(article=article, heading=box["heading"], position=box_position)
        brief_box.full_clean(exclude=["article"])
        brief_box.save()
        items = [
            BriefItem(box=brief_box, text=text, position=item_position)
            for item_position, text in enumerate(box.get("items", []))
        ]
        for item in items:
            item.full_clean(exclude=["box"])
        BriefItem.objects.bulk_create(items)


@transaction.atomic
def article_create(
    *,
    headline: str,
    user=None,
    briefs: Iterable[dict] = (),
    tags: Iterable = (),
    **fields,
) -> Article:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown story fields: {', '.join(sorted(unknown))}.")
    article = Article(headline=headline.strip(), created_by=user, changed_by=user, **fields)
    if not article.slug:
        article.slug = _unique_slug(article.headline)
    article.full_clean(exclude=["slug"] if not fields.get("slug") else None)
    _save_with_unique_slug(article)
    _replace_briefs(article, briefs)
    if tags:
        article.tags.set(tags)
    return article


def _lock_current(article: Article, expected_version: int) -> Article:
    current = (
        Article.objects.select_for_update(of=("self",))
        .select_related("changed_by")
        .get(pk=article.pk)
    )
    if current.version != expected_version:
        raise ArticleConflict(article=current, expected_version=expected_version)
    return current


@transaction.atomic
def article_update(
    *,
    article: Article,
    expected_version: int,
    user=None,
    briefs: Iterable[dict] | None = None,
    **changes,
) -> Article:
    """Apply an editor's changes, refusing them if someone else saved since `expected_version`."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown story fields: {', '.join(sorted(unknown))}.")
    current = _lock_current(article, expected_version)
    new_slug = changes.pop("slug", None)
    for name, value in changes.items():
        setattr(current, name, value)
    if current.first_published_at is None:
        if new_slug:
            current.slug = new_slug
        elif "headline" in changes:
            current.slug = _unique_slug(current.headline, exclude_pk=current.pk)
    elif new_slug and new_slug != current.slug:
        raise ValidationError({"slug": "The slug of a published story cannot change."})
    current.changed_by = user
    current.version += 1
    current.full_clean()
    _save_with_unique_slug(current)
    if briefs is not None:
        _replace_briefs(current, briefs)
    return current


@transaction.atomic
def article_publish(*, article: Article, user=None, at: datetime | None = None) -> Article:
    current = Article.objects.select_for_update().get(pk=article.pk)
    if current.status == Article.Status.PUBLISHED:
        raise ValidationError("This story is already published.")
    now = at or timezone.now()
    current.status = Article.Status.PUBLISHED
    current.scheduled_publish_at = None
    if current.first_published_at is None:
        current.first_published_at = now
        current.last_public_update_at = now
    current.changed_by = user
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def article_record_public_update(
    *, article: Article, kind: str, note: str, user=None, at: datetime | None = None
) -> ArticleUpdate:
    """Put an update or a correction on the public record of a published story."""
    if not article.first_published_at:
        raise ValidationError("Only a published story can carry public updates or corrections.")
    if not note.strip():
        raise ValidationError({"note": "An update or correction needs a note for readers."})
    now = at or timezone.now()
    entry = ArticleUpdate(
        article=article, kind=kind, note=note.strip(), created_at=now, editor=user
    )
    entry.full_clean()
    entry.save()
    Article.objects.filter(pk=article.pk).update(last_public_update_at=now)
    article.last_public_update_at = now
    return entry


@transaction.atomic
def article_place_photo(
    *, article: Article, photo, role: str = ArticlePhoto.Role.INLINE, caption_override: str = ""
) -> ArticlePhoto:
    position = article.photo_placements.count()
    placement = ArticlePhoto(
        article=article,
        photo=photo,
        role=role,
        position=position,
        caption_override=caption_override,
    )
    placement.full_clean()
    placement.save()
    return placement
