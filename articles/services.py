"""Every write to a story goes through these functions: the admin, the API, ingest and the tasks.

They are keyword-only, run in a transaction, validate with `full_clean()`, and hold every rule
about a story's state: who may do what, which transitions exist, what a revision of a published
story needs, and how a conflicting edit is refused. `user=None` means the system itself (the
scheduled-publishing task), which is trusted.
"""

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from media.models import Photo
from newsroom.jobs import enqueue_on_commit

from . import public_cache, reading_time
from .models import (
    Article,
    ArticlePhoto,
    ArticleRevision,
    ArticleUpdate,
    BriefBox,
    BriefItem,
    Section,
    Tag,
)
from .reading_time import ReadableContent

logger = logging.getLogger(__name__)
SLUG_MAX_LENGTH = 80
Status = Article.Status
RevisionKind = ArticleRevision.Kind

# Fields an editor changes by editing; status and the public record change only through the
# workflow functions below.
EDITABLE_FIELDS = (
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
)
# Where a story came from, set by the importer alongside the editable fields.
SOURCE_FIELDS = ("external_id", "ingest_hash")
# What a revision of a story that has been published must say about itself.
PUBLISHED_REVISION_KINDS = (RevisionKind.UPDATE, RevisionKind.CORRECTION, RevisionKind.MINOR)
PUBLIC_RECORD_KINDS = {
    RevisionKind.UPDATE: ArticleUpdate.Kind.UPDATE,
    RevisionKind.CORRECTION: ArticleUpdate.Kind.CORRECTION,
}
PUBLISHABLE_FROM = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED)
SCHEDULABLE_FROM = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED)
REPORTER_EDITABLE = (Status.DRAFT, Status.IN_REVIEW)


class ArticleConflict(Exception):
    """The story changed since the editor loaded it. Nothing was saved."""

    def __init__(self, *, article: Article, expected_version: int, rejected_changes: dict):
        self.article = article
        self.expected_version = expected_version
        self.rejected_changes = rejected_changes
        super().__init__(_conflict_message(article, expected_version))


def _conflict_message(article: Article, expected_version: int) -> str:
    who = article.changed_by.get_username() if article.changed_by else "the system"
    when = timezone.localtime(article.changed_at).strftime("%H:%M on %d %b %Y")
    latest = article.revisions.order_by("-number").first()
    what = f" ({latest.get_kind_display().lower()})" if latest else ""
    return (
        f"{who} saved this story at {when}{what}, after you opened it: it is now at version "
        f"{article.version}, you started from version {expected_version}. Nothing of yours "
        "was saved; your text is still in the form. Compare with the latest version in the "
        "history, then apply your changes to it."
    )


# --- Permissions ------------------------------------------------------------------------------


def _require(user, permission: str, action: str) -> None:
    if user is not None and not user.has_perm(f"articles.{permission}"):
        raise PermissionDenied(f"You do not have permission to {action}.")


def can_publish(user) -> bool:
    return user is None or user.has_perm("articles.publish_article")


def can_revise(user, article: Article) -> bool:
    if user is not None and not user.has_perm("articles.change_article"):
        return False
    if article.first_published_at or article.status not in REPORTER_EDITABLE:
        return user is None or user.has_perm("articles.revise_published_article")
    return True


def available_actions(user, article: Article) -> list[str]:
    """The workflow actions this user may take on this story now, for the admin's buttons."""
    status = article.status
    possible = {
        "submit": status == Status.DRAFT and _has(user, "change_article"),
        "publish": status in PUBLISHABLE_FROM and can_publish(user),
        "schedule": status in SCHEDULABLE_FROM and can_publish(user),
        "unpublish": status in (Status.PUBLISHED, Status.SCHEDULED) and can_publish(user),
    }
    return [name for name, allowed in possible.items() if allowed]


def _has(user, permission: str) -> bool:
    return user is None or user.has_perm(f"articles.{permission}")


# --- Rules ------------------------------------------------------------------------------------


def revision_requirements(*, article: Article, kind: str | None, note: str) -> str:
    """Check what a revision needs and return the revision kind to record.

    A story that has been published must be revised as an update (with a public note), a
    correction (with a correction note) or a minor change; one never published needs no kind.
    """
    if not article.first_published_at:
        return RevisionKind.EDIT
    if kind not in PUBLISHED_REVISION_KINDS:
        raise ValidationError(
            {"kind": "This story has been published: choose update, correction or minor change."}
        )
    if kind in PUBLIC_RECORD_KINDS and not (note or "").strip():
        label = "An update needs a public note" if kind == "update" else "A correction needs a note"
        raise ValidationError({"note": f"{label} for readers."})
    return kind


def _check_version(current: Article, expected_version: int | None, changes: dict) -> None:
    if expected_version is not None and current.version != expected_version:
        raise ArticleConflict(
            article=current, expected_version=expected_version, rejected_changes=changes
        )


def _lock(article: Article) -> Article:
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("changed_by")
        .get(pk=article.pk)
    )


# --- Slugs ------------------------------------------------------------------------------------


def _slug_base(headline: str) -> str:
    return slugify(headline)[:SLUG_MAX_LENGTH].strip("-") or "story"


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


# --- Snapshots --------------------------------------------------------------------------------


def article_snapshot(article: Article) -> dict:
    """Everything a revision keeps: the story's fields, its briefs and its photo placements."""
    placements = article.photo_placements.select_related("photo").order_by("position", "id")
    return {
        **{name: getattr(article, name) for name in EDITABLE_FIELDS if name != "section"},
        "section": article.section_id,
        "tags": sorted(article.tags.values_list("pk", flat=True)),
        "status": article.status,
        "briefs": _current_briefs(article),
        "photos": [
            {
                "photo": placement.photo_id,
                "role": placement.role,
                "caption_override": placement.caption_override,
                "caption": placement.caption,
                "credit_line": placement.photo.credit_line,
                "alt_text": placement.photo.alt_text,
            }
            for placement in placements
        ],
    }


def _current_briefs(article: Article) -> list[dict]:
    boxes = article.brief_boxes.prefetch_related("items").order_by("position", "id")
    return [{"heading": box.heading, "items": [i.text for i in box.items.all()]} for box in boxes]


def _current_photos(article: Article) -> list[dict]:
    placements = article.photo_placements.order_by("position", "id")
    return [
        {"photo": p.photo_id, "role": p.role, "caption_override": p.caption_override}
        for p in placements
    ]


def _record_revision(
    article: Article, *, kind: str, user, note: str = "", restored_from: int | None = None
) -> ArticleRevision:
    return ArticleRevision.objects.create(
        article=article,
        number=article.version,
        kind=kind,
        note=note,
        author=user,
        created_at=timezone.now(),
        restored_from=restored_from,
        snapshot=article_snapshot(article),
    )


def _normalise_briefs(briefs: Iterable[dict]) -> list[dict]:
    normalised = []
    for box in briefs:
        heading = (box.get("heading") or "").strip()
        items = [item.strip() for item in box.get("items", []) if item and item.strip()]
        if not heading and not items:
            continue
        if not heading:
            raise ValidationError({"briefs": "Every box of briefs needs a heading."})
        normalised.append({"heading": heading, "items": items})
    return normalised


def _normalise_photos(photos: Iterable[dict]) -> list[dict]:
    normalised = []
    for placement in photos:
        photo = placement["photo"]
        normalised.append(
            {
                "photo": photo.pk if isinstance(photo, Photo) else int(photo),
                "role": placement.get("role") or ArticlePhoto.Role.INLINE,
                "caption_override": (placement.get("caption_override") or "").strip(),
            }
        )
    if sum(1 for p in normalised if p["role"] == ArticlePhoto.Role.LEAD) > 1:
        raise ValidationError({"photos": "A story has at most one lead photo."})
    if len({p["photo"] for p in normalised}) != len(normalised):
        raise ValidationError({"photos": "The same photo is placed twice."})
    return normalised


def _replace_briefs(article: Article, briefs: list[dict]) -> None:
    article.brief_boxes.all().delete()
    for box_position, box in enumerate(briefs):
        brief_box = BriefBox(article=article, heading=box["heading"], position=box_position)
        brief_box.full_clean(exclude=["article"])
        brief_box.save()
        items = [
            BriefItem(box=brief_box, text=text, position=item_position)
            for item_position, text in enumerate(box["items"])
        ]
        for item in items:
            item.full_clean(exclude=["box"])
        BriefItem.objects.bulk_create(items)


def _replace_photos(article: Article, photos: list[dict]) -> None:
    known = set(
        Photo.objects.filter(pk__in=[p["photo"] for p in photos]).values_list("pk", flat=True)
    )
    missing = [p["photo"] for p in photos if p["photo"] not in known]
    if missing:
        raise ValidationError({"photos": f"No such photo: {', '.join(map(str, missing))}."})
    article.photo_placements.all().delete()
    placements = [
        ArticlePhoto(
            article=article,
            photo_id=p["photo"],
            position=position,
            role=p["role"],
            caption_override=p["caption_override"],
        )
        for position, p in enumerate(photos)
    ]
    for placement in placements:
        placement.full_clean(exclude=["article", "photo"], validate_constraints=False)
    ArticlePhoto.objects.bulk_create(placements)


# --- Creating and editing ---------------------------------------------------------------------


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS) - set(SOURCE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown story fields: {', '.join(sorted(unknown))}.")


@transaction.atomic
def article_create(
    *,
    user,
    headline: str,
    briefs: Iterable[dict] = (),
    photos: Iterable[dict] = (),
    tags: Iterable = (),
    **fields,
) -> Article:
    _require(user, "add_article", "create stories")
    _check_fields(fields)
    article = Article(headline=headline.strip(), created_by=user, changed_by=user, **fields)
    if not article.slug:
        article.slug = _unique_slug(article.headline)
    article.full_clean()
    _save_with_unique_slug(article)
    _replace_briefs(article, _normalise_briefs(briefs))
    _replace_photos(article, _normalise_photos(photos))
    if tags:
        article.tags.set(tags)
    _record_revision(article, kind=RevisionKind.CREATED, user=user)
    _enqueue_reading_time(article)
    return article


@transaction.atomic
def article_revise(
    *,
    article: Article,
    user,
    expected_version: int | None,
    kind: str | None = None,
    note: str = "",
    briefs: Iterable[dict] | None = None,
    photos: Iterable[dict] | None = None,
    tags: Iterable | None = None,
    restored_from: int | None = None,
    **changes,
) -> Article:
    """Save an editor's changes as a new revision.

    Refused with `ArticleConflict` if someone else saved since `expected_version`. A story that
    has been published needs a kind (update, correction or minor) and, for the first two, a note
    that goes on its public record. Saving nothing new changes nothing.
    """
    _check_fields(changes)
    current = _lock(article)
    rejected = {
        **changes,
        "briefs": briefs,
        "photos": photos,
        "tags": tags,
        "kind": kind,
        "note": note,
    }
    _check_version(current, expected_version, rejected)
    if not can_revise(user, current):
        raise PermissionDenied(
            "You do not have permission to revise a story once it has been published or "
            "scheduled; ask an editor."
        )
    if not changes.get("slug"):
        changes.pop("slug", None)
    new_briefs = None if briefs is None else _normalise_briefs(briefs)
    new_photos = None if photos is None else _normalise_photos(photos)
    changed = {name: value for name, value in changes.items() if getattr(current, name) != value}
    briefs_changed = new_briefs is not None and new_briefs != _current_briefs(current)
    photos_changed = new_photos is not None and new_photos != _current_photos(current)
    new_tags = None if tags is None else sorted({getattr(t, "pk", t) for t in tags})
    tags_changed = new_tags is not None and new_tags != sorted(
        current.tags.values_list("pk", flat=True)
    )
    if not (changed or briefs_changed or photos_changed or tags_changed):
        return current
    revision_kind = revision_requirements(article=current, kind=kind, note=note)

    new_slug = changed.pop("slug", None)
    for name, value in changed.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    if current.first_published_at is None:
        if new_slug:
            current.slug = new_slug
        elif "headline" in changed:
            current.slug = _unique_slug(current.headline, exclude_pk=current.pk)
    elif new_slug:
        raise ValidationError({"slug": "The slug of a published story cannot change."})
    current.changed_by = user
    current.version += 1
    current.public_changed_at = timezone.now()
    current.full_clean()
    _save_with_unique_slug(current)
    _public_changed(current)
    if briefs_changed:
        _replace_briefs(current, new_briefs)
    if photos_changed:
        _replace_photos(current, new_photos)
    if tags_changed:
        current.tags.set(new_tags)
    if revision_kind in PUBLIC_RECORD_KINDS:
        _record_public_entry(current, kind=PUBLIC_RECORD_KINDS[revision_kind], note=note, user=user)
    _record_revision(
        current, kind=revision_kind, user=user, note=note.strip(), restored_from=restored_from
    )
    _enqueue_reading_time(current)
    return current


def _record_public_entry(article: Article, *, kind: str, note: str, user) -> ArticleUpdate:
    now = timezone.now()
    entry = ArticleUpdate(
        article=article, kind=kind, note=note.strip(), created_at=now, editor=user
    )
    entry.full_clean()
    entry.save()
    article.last_public_update_at = now
    Article.objects.filter(pk=article.pk).update(last_public_update_at=now)
    return entry


@transaction.atomic
def article_restore_revision(
    *,
    article: Article,
    revision_number: int,
    user,
    expected_version: int | None,
    kind: str | None = None,
    note: str = "",
) -> Article:
    """Bring an old revision back as a new one, through the same rules as any other edit."""
    try:
        revision = article.revisions.get(number=revision_number)
    except ArticleRevision.DoesNotExist:
        raise ValidationError(f"This story has no revision {revision_number}.") from None
    snapshot = revision.snapshot
    fields = {name: snapshot[name] for name in EDITABLE_FIELDS if name not in ("slug", "section")}
    photo_ids = [p["photo"] for p in snapshot["photos"]]
    existing = set(Photo.objects.filter(pk__in=photo_ids).values_list("pk", flat=True))
    section = (
        Section.objects.filter(pk=snapshot["section"]).first() if snapshot["section"] else None
    )
    return article_revise(
        article=article,
        user=user,
        expected_version=expected_version,
        kind=kind,
        note=note,
        briefs=snapshot["briefs"],
        photos=[p for p in snapshot["photos"] if p["photo"] in existing],
        tags=Tag.objects.filter(pk__in=snapshot.get("tags", [])),
        restored_from=revision_number,
        section=section,
        **fields,
    )


# --- Workflow ---------------------------------------------------------------------------------


def _public_changed(article: Article) -> None:
    """Renew the public caches after commit, for stories the public sees or has seen."""
    if article.first_published_at or article.status == Status.PUBLISHED:
        public_cache.invalidate_on_commit([article.slug])


def _transition(current: Article, *, user, kind: str, note: str = "") -> Article:
    current.changed_by = user
    current.version += 1
    current.public_changed_at = timezone.now()
    current.full_clean()
    current.save()
    _public_changed(current)
    _record_revision(current, kind=kind, user=user, note=note)
    return current


def _refuse_transition(current: Article, action: str) -> ValidationError:
    return ValidationError(
        f"A story that is {current.get_status_display().lower()} cannot be {action}."
    )


@transaction.atomic
def article_submit(*, article: Article, user, expected_version: int | None = None) -> Article:
    _require(user, "change_article", "submit stories for review")
    current = _lock(article)
    _check_version(current, expected_version, {})
    if current.status != Status.DRAFT:
        raise _refuse_transition(current, "submitted for review")
    current.status = Status.IN_REVIEW
    return _transition(current, user=user, kind=RevisionKind.SUBMITTED)


def _publish(current: Article, *, user, now: datetime) -> Article:
    current.status = Status.PUBLISHED
    current.scheduled_publish_at = None
    current.unpublished_reason = ""
    if current.first_published_at is None:
        current.first_published_at = now
        current.last_public_update_at = now
    return _transition(current, user=user, kind=RevisionKind.PUBLISHED)


@transaction.atomic
def article_publish(*, article: Article, user, expected_version: int | None = None) -> Article:
    _require(user, "publish_article", "publish stories")
    current = _lock(article)
    _check_version(current, expected_version, {})
    if current.status not in PUBLISHABLE_FROM:
        raise _refuse_transition(current, "published")
    return _publish(current, user=user, now=timezone.now())


@transaction.atomic
def article_schedule(
    *, article: Article, user, publish_at: datetime, expected_version: int | None = None
) -> Article:
    _require(user, "publish_article", "schedule stories")
    current = _lock(article)
    _check_version(current, expected_version, {})
    if current.status not in SCHEDULABLE_FROM:
        raise _refuse_transition(current, "scheduled")
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": "The publish time must be in the future."})
    current.status = Status.SCHEDULED
    current.scheduled_publish_at = publish_at
    when = timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M %Z")
    return _transition(current, user=user, kind=RevisionKind.SCHEDULED, note=f"For {when}")


@transaction.atomic
def article_unpublish(
    *, article: Article, user, reason: str, expected_version: int | None = None
) -> Article:
    _require(user, "publish_article", "unpublish stories")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the story is taken down; it is kept on record."})
    current = _lock(article)
    _check_version(current, expected_version, {})
    if current.status not in (Status.PUBLISHED, Status.SCHEDULED):
        raise _refuse_transition(current, "unpublished")
    current.status = Status.UNPUBLISHED
    current.scheduled_publish_at = None
    current.unpublished_reason = reason.strip()
    return _transition(current, user=user, kind=RevisionKind.UNPUBLISHED, note=reason.strip())


def articles_publish_due(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Publish the scheduled stories whose time has come; safe to run in several processes.

    Rows are locked with SKIP LOCKED, so two concurrent runs never take the same story.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Article.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Status.SCHEDULED, scheduled_publish_at__lte=now)
            .order_by("scheduled_publish_at", "id")[:limit]
        )
        published = []
        for article in due:
            try:
                with transaction.atomic():
                    _publish(article, user=None, now=now)
            except ValidationError as error:
                logger.error("Scheduled story %s could not be published: %s", article.pk, error)
                continue
            published.append(article.pk)
    return published


# --- Reading time -----------------------------------------------------------------------------


def _enqueue_reading_time(article: Article) -> None:
    enqueue_on_commit("articles.recompute_reading_time", article.pk)


def article_readable_content(article: Article) -> ReadableContent:
    """What a reader reads, from a story loaded with its briefs and photo placements."""
    placements = list(article.photo_placements.all())
    return ReadableContent(
        headline=article.headline,
        standfirst=article.standfirst,
        body=article.body,
        briefs=tuple(
            (box.heading, tuple(item.text for item in box.items.all()))
            for box in article.brief_boxes.all()
        ),
        captions=tuple(p.caption for p in placements),
        image_count=sum(1 for p in placements if p.photo.image),
    )


def article_refresh_reading_time(*, article_id: int) -> bool:
    """Recompute the word count and reading time if the readable content changed.

    Derived data, not an edit: no revision, and the story's version stays, so an editor in the
    middle of an edit gets no conflict from it. Returns whether anything was written.
    """
    article = (
        Article.objects.prefetch_related("brief_boxes__items", "photo_placements__photo")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        return False
    result = reading_time.estimate(
        article_readable_content(article), words_per_minute=settings.READING_WORDS_PER_MINUTE
    )
    if result.content_hash == article.reading_time_content_hash:
        return False
    Article.objects.filter(pk=article.pk).update(
        word_count=result.word_count,
        reading_time_minutes=result.minutes,
        reading_time_content_hash=result.content_hash,
        public_changed_at=timezone.now(),
    )
    _public_changed(article)
    return True


def articles_with_stale_reading_time(*, changed_within_hours: int = 48, limit: int = 5000):
    """Ids of stories never estimated, or changed recently with an estimate of other content."""
    never = Article.objects.filter(reading_time_content_hash="").values_list("pk", flat=True)
    stale = list(never[:limit])
    since = timezone.now() - timedelta(hours=changed_within_hours)
    recent = (
        Article.objects.filter(changed_at__gte=since)
        .exclude(reading_time_content_hash="")
        .prefetch_related("brief_boxes__items", "photo_placements__photo")[:limit]
    )
    wpm = settings.READING_WORDS_PER_MINUTE
    for article in recent:
        current = reading_time.content_hash(article_readable_content(article), words_per_minute=wpm)
        if current != article.reading_time_content_hash:
            stale.append(article.pk)
    return stale


def articles_showing_photo_changed(*, photo_id: int) -> None:
    """A change to a photo is a change to every story that shows it."""
    _stories_changed(Article.objects.filter(photo_placements__photo_id=photo_id))


@transaction.atomic
def articles_delete(*, articles: QuerySet) -> int:
    """Delete stories (with their briefs, placements, updates and revisions); what the public
    saw of them leaves every cache after the commit."""
    public_cache.invalidate_on_commit(
        list(articles.filter(first_published_at__isnull=False).values_list("slug", flat=True))
    )
    deleted, _ = articles.delete()
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
    Article.objects.filter(pk__in=stories.values("pk")).update(public_changed_at=timezone.now())
    if public:
        public_cache.invalidate_on_commit(public)
