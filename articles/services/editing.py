"""Writing and revising stories: every edit is a new version with a revision, refused whole if
someone else saved first, and held to the rules a published story's revisions follow."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from media.models import Photo

from ..models import Article, ArticleRevision, Section, Tag
from .checks import check_revision, publish_problems
from .cleaning import clean_note, clean_story_fields
from .events import story_revised
from .parts import (
    current_briefs,
    current_photos,
    normalise_briefs,
    normalise_photos,
    replace_briefs,
    replace_photos,
)
from .public_changes import public_changed, stamp_public_change
from .reading_times import enqueue_reading_time
from .revisions import record_public_entry, record_revision
from .rules import (
    CHECKED_WHEN_REVISED,
    EDITABLE_FIELDS,
    PUBLIC_RECORD_KINDS,
    SOURCE_FIELDS,
    RevisionKind,
    check_version,
    lock_article,
    require,
    require_revise,
    revision_requirements,
)
from .slugs import save_with_unique_slug, unique_slug
from .workflow import settle_due


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS) - set(SOURCE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown story fields: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )


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
    """Create a draft from `EDITABLE_FIELDS` and `SOURCE_FIELDS`, with its briefs, photo
    placements (shapes in `services/parts.py`) and tags. Raises `PermissionDenied` or
    `ValidationError`; nothing is saved then."""
    require(user, "add_article", "create stories")
    _check_fields(fields)
    fields = clean_story_fields({"headline": headline, **fields})
    article = Article(created_by=user, changed_by=user, **fields)
    if not article.slug:
        article.slug = unique_slug(article.headline)
    article.full_clean()
    save_with_unique_slug(article)
    replace_briefs(article, normalise_briefs(briefs))
    replace_photos(article, normalise_photos(photos))
    if tags:
        article.tags.set(tags)
    record_revision(article, kind=RevisionKind.CREATED, user=user)
    enqueue_reading_time(article.pk)
    return article


@dataclass(frozen=True)
class _Changes:
    """What an edit changes; `None` for a part that stays as it is."""

    fields: dict
    briefs: list[dict] | None
    photos: list[dict] | None
    tags: list[int] | None

    def __bool__(self) -> bool:
        return bool(self.fields) or any(
            part is not None for part in (self.briefs, self.photos, self.tags)
        )


def _changes(current: Article, fields: dict, *, briefs, photos, tags) -> _Changes:
    if not fields.get("slug"):
        fields = {name: value for name, value in fields.items() if name != "slug"}
    return _Changes(
        fields={name: value for name, value in fields.items() if getattr(current, name) != value},
        briefs=_if_changed(briefs, normalise_briefs, lambda: current_briefs(current)),
        photos=_if_changed(photos, normalise_photos, lambda: current_photos(current)),
        tags=_if_changed(
            tags,
            lambda sent: sorted({getattr(tag, "pk", tag) for tag in sent}),
            lambda: sorted(current.tags.values_list("pk", flat=True)),
        ),
    )


def _if_changed(sent, normalise, current):
    """The normalised part if it was sent and differs from the story's, else `None`."""
    if sent is None:
        return None
    new = normalise(sent)
    return None if new == current() else new


def _apply_fields(current: Article, fields: dict, *, user) -> None:
    """Set the changed fields, keep the slug rules, and save the story as its next version."""
    new_slug = fields.get("slug")
    for name, value in fields.items():
        if name != "slug":
            setattr(current, name, value)
    if current.first_published_at is None:
        if new_slug:
            current.slug = new_slug
        elif "headline" in fields:
            current.slug = unique_slug(current.headline, exclude_pk=current.pk)
    elif new_slug:
        raise ValidationError({"slug": _("The slug of a published story cannot change.")})
    current.changed_by = user
    current.version += 1
    stamp_public_change(current)
    current.full_clean()
    save_with_unique_slug(current)


def _apply_parts(current: Article, changes: _Changes) -> None:
    if changes.briefs is not None:
        replace_briefs(current, changes.briefs)
    if changes.photos is not None:
        replace_photos(current, changes.photos)
    if changes.tags is not None:
        current.tags.set(changes.tags)


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
    override_reason: str = "",
    **fields,
) -> Article:
    """Save an editor's changes as a new revision.

    Refused with `ArticleConflict` if someone else saved since `expected_version`. A story that
    has been published needs a kind (update, correction or minor) and, for the first two, a note
    that goes on its public record. `None` for briefs, photos or tags leaves them as they are.
    Saving nothing new changes nothing. A change to a story readers see (or will, scheduled)
    meets the checks before publishing for what it brings (`checks.py`): `ValidationError` on
    `override_reason` if it leaves nothing to read, or brings photo problems without a reason.
    """
    _check_fields(fields)
    fields, note = clean_story_fields(fields), clean_note(note)
    current = lock_article(article)
    sent = {**fields, "briefs": briefs, "photos": photos, "tags": tags, "kind": kind, "note": note}
    check_version(current, expected_version, sent)  # before a due publication moves it
    current = settle_due(current)
    require_revise(user, current)
    changes = _changes(current, fields, briefs=briefs, photos=photos, tags=tags)
    if not changes:
        return current
    revision_kind = revision_requirements(article=current, kind=kind, note=note)
    checks = _apply_checked(current, changes, user=user, override_reason=override_reason)
    _record(
        current, revision_kind, user=user, note=note, restored_from=restored_from, checks=checks
    )
    enqueue_reading_time(current.pk)
    return current


def _apply_checked(current: Article, changes: _Changes, *, user, override_reason: str) -> str:
    """Apply the changes; for a story readers see or will see, check what they bring."""
    before = publish_problems(current) if current.status in CHECKED_WHEN_REVISED else None
    _apply_fields(current, changes.fields, user=user)
    public_changed(current)
    _apply_parts(current, changes)
    return check_revision(current, before, override_reason) if before is not None else ""


def _record(
    current: Article, revision_kind: str, *, user, note: str, restored_from, checks: str = ""
) -> None:
    """The revision (its note followed by the checks it overrode, if any), and what the public
    sees of it: its record entry and its event."""
    public = revision_kind in PUBLIC_RECORD_KINDS
    if public:
        record_public_entry(current, kind=PUBLIC_RECORD_KINDS[revision_kind], note=note, user=user)
    record_revision(
        current,
        kind=revision_kind,
        user=user,
        note=" ".join(part for part in (note, checks) if part),
        restored_from=restored_from,
    )
    story_revised(current, revision_kind, note=note if public else "")


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
    """Bring an old revision back as a new one, through the same rules as any other edit.
    Photos deleted since are left out. Raises `ValidationError` for an unknown revision."""
    try:
        revision = article.revisions.get(number=revision_number)
    except ArticleRevision.DoesNotExist:
        raise ValidationError(
            _("This story has no revision %(number)s.") % {"number": revision_number}
        ) from None
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
