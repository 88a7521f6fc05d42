"""Bring parsed copy into the newsroom, through the workflow services and never around them.

Re-ingesting the same copy changes nothing. Copy for a story already in the newsroom (the same
external id, or the same agency, dateline and headline) revises that story instead of making a
duplicate; once published, as an update with a generated public note. Photos named by captions
become photo records without an image file until one is attached.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from media.models import credit_line
from media.services import photo_create

from .loading import IngestInputError
from .models import Article
from .reading_time import ReadableContent, estimate
from .services import (
    IMPORT_PUBLISHES_FROM,
    article_change_embargo,
    article_create,
    article_publish,
    article_revise,
    is_embargoed,
    is_public_now,
)
from .wire import WireStory, as_dict
from .wire.profiles import UPDATED_STAMP

BRIEFS_WITHOUT_HEADING = "In brief"


class IngestRefused(IngestInputError):
    """The copy was read, but cannot be stored as it is (a field over its limit, a headline
    that is only a marker…); the message names each field and its rule. Nothing was changed."""


def _refusal(error: ValidationError) -> IngestRefused:
    if not hasattr(error, "error_dict"):
        return IngestRefused(" ".join(error.messages))
    parts = [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
    return IngestRefused("; ".join(parts))


@dataclass
class IngestResult:
    status: str  # created, updated or unchanged: what happened to the text
    article: Article
    published: bool = False  # whether this import published the story
    held: str = ""  # why an import asked to publish did not


def story_reading_minutes(story: WireStory) -> int:
    """The estimate a story will get once imported (captions count as photos)."""
    content = ReadableContent(
        headline=story.headline,
        standfirst=story.standfirst,
        body="\n\n".join(story.body),
        briefs=tuple((b.heading, tuple(b.items)) for b in story.briefs),
        captions=tuple(p.caption for p in story.photos),
        image_count=len(story.photos),
    )
    return estimate(content).minutes


def story_hash(story: WireStory) -> str:
    """What readers would see: the update marker and its number are not content."""
    content = {**as_dict(story), "standfirst": story.standfirst, "byline": story.byline}
    for marker in ("is_update", "update_sequence", "kind", "advisory", "stated_reading_minutes"):
        content.pop(marker)
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _normalised_headline(headline: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", headline.casefold()).split())


def external_id(value: str) -> str:
    """Source ids longer than the column are kept as a hash, so that they still match."""
    if len(value) <= 255:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def matching_story(story: WireStory) -> Article | None:
    """The story in the newsroom that this copy would revise, if any (see `_existing`)."""
    return _existing(story, story_hash(story))


def _existing(story: WireStory, digest: str) -> Article | None:
    """The story this copy stands for: the same source id; else the very same copy imported
    before; else the same agency (or none), dateline and headline."""
    if story.external_id:
        return Article.objects.filter(external_id=external_id(story.external_id)).first()
    same_copy = Article.objects.filter(ingest_hash=digest).order_by("-created_at").first()
    if same_copy is not None:
        return same_copy
    candidates = Article.objects.filter(
        agency__iexact=story.agency or "",
        dateline_place=story.dateline.place or "",
        dateline_date=story.dateline.date or "",
    ).order_by("-created_at")[:50]
    wanted = _normalised_headline(story.headline)
    return next((a for a in candidates if _normalised_headline(a.headline) == wanted), None)


def _photos(story: WireStory, article: Article | None, user) -> list[dict]:
    """Placements for the story's captions: the ones it already has are kept, new ones made."""
    kept = {}
    if article is not None:
        for placement in article.photo_placements.select_related("photo"):
            kept[(placement.photo.caption, placement.photo.credit_line)] = placement.photo
    placements = []
    for position, caption in enumerate(story.photos):
        photo = kept.get((caption.caption, caption.credit or ""))
        if photo is None:
            agency, photographer = caption.agency or "", caption.photographer or ""
            derived = credit_line(agency=agency, photographer=photographer)
            photo = photo_create(
                user=user,
                caption=caption.caption,
                agency=agency,
                photographer=photographer,
                credit_line_override="" if caption.credit in (None, derived) else caption.credit,
            )
        placements.append({"photo": photo, "role": "lead" if position == 0 else "inline"})
    return placements


def _fields(story: WireStory) -> dict:
    return {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "byline": story.byline,
        "agency": story.agency or "",
        "dateline_place": story.dateline.place or "",
        "dateline_date": story.dateline.date or "",
        "body": "\n\n".join(story.body),
        "language": story.language or "en",
        "contributors": [{"name": c.name, "role": c.role} for c in story.contributors],
        "source_kind": story.kind,
        "source_advisory": story.advisory[:500],
        "source_update_sequence": story.update_sequence,
    }


def _revision(story: WireStory) -> tuple[str, str]:
    """The kind and public note of a revision that new copy makes to a published story: a
    correction for CORRECTED copy (or copy whose advisory corrects), a minor change for a
    refile, else an update. The note is the copy's advisory where it has one."""
    source = story.agency or "the source"
    # A page's "Updated: …" time stamp says when, not what: it is no note.
    advisory = "" if UPDATED_STAMP.match(story.advisory) else story.advisory
    if story.kind == "correction":
        return "correction", advisory or f"Corrected by {source}."
    if story.kind == "refile":
        return "minor", ""
    if advisory:
        return "update", advisory
    if story.update_sequence:
        return (
            "update",
            f"Updated with new information from {source} (update {story.update_sequence}).",
        )
    return "update", f"Updated with new information from {source}."


@transaction.atomic
def ingest_story(
    story: WireStory, *, user=None, publish: bool = False, override_reason: str = ""
) -> IngestResult:
    """Create, revise or leave the story the copy stands for. With `publish`, a draft is
    published, whether or not its text changed, under the embargo its copy states; a story an
    editor holds in review, scheduled or took down keeps that state. Copy that states an
    embargo whose moment cannot be read, or that fails the checks before publishing
    (`services/checks.py`: no text, photos without a file, alt text or credit), is kept as a
    draft, `held` saying why; `override_reason` overrides the photo checks, as an editor
    would, and is kept in the history. A killed story is never changed (`IngestRefused`)."""
    try:
        status, article = _import(story, user=user)
        article = _embargo(story, article, user=user)
    except ValidationError as error:
        raise _refusal(error) from None
    if publish and article.status in IMPORT_PUBLISHES_FROM:
        if story.embargo and story.embargo_until is None:
            held = (
                f"Not published: the copy states an embargo (“{story.embargo}”) whose time "
                f"cannot be read for certain: {story.embargo_problem}. Set the embargo in the "
                "story, then publish it."
            )
            return IngestResult(status, article, held=held)
        try:
            article = article_publish(article=article, user=user, override_reason=override_reason)
        except ValidationError as error:
            if "override_reason" not in getattr(error, "error_dict", {}):
                raise _refusal(error) from None
            held = " ".join(["Not published:", *error.message_dict["override_reason"]])
            return IngestResult(status, article, held=held)
        return IngestResult(status, article, published=True)
    return IngestResult(status, article)


def _embargo(story: WireStory, article: Article, *, user) -> Article:
    """The embargo the copy states, on a story not yet public, or moved on one still under an
    embargo (by the system: the agency moved it). An embargo that has ended changes nothing."""
    until = story.embargo_until
    if until is None or until <= timezone.now() or until == article.embargo_until:
        return article
    if article.status == Article.Status.SCHEDULED:
        if until > article.scheduled_publish_at:
            raise ValidationError(
                _(
                    "The story is scheduled for %(when)s, before the embargo its copy states "
                    "(“%(embargo)s”): reschedule it first."
                )
                % {
                    "when": f"{article.scheduled_publish_at:%Y-%m-%d %H:%M %Z}",
                    "embargo": story.embargo,
                }
            )
        return article
    if is_embargoed(article):
        return article_change_embargo(article=article, user=None, until=until)
    if article.status in (Article.Status.DRAFT, Article.Status.IN_REVIEW):
        return article_change_embargo(article=article, user=user, until=until)
    return article


def _refuse_breaking_an_embargo(story: WireStory, existing: Article) -> None:
    """Copy under an embargo (or one it cannot read) that would change a story readers see
    now would break the embargo: refused, nothing changed."""
    now = timezone.now()
    if not story.embargo or (story.embargo_until and story.embargo_until <= now):
        return
    if is_public_now(existing):
        raise IngestRefused(
            _(
                "This copy is under embargo (“%(embargo)s”), and the story it changes is "
                "public already: importing it now would break the embargo. Import it once the "
                "embargo has ended."
            )
            % {"embargo": story.embargo}
        )


def _import(story: WireStory, *, user) -> tuple[str, Article]:
    digest = story_hash(story)
    existing = _existing(story, digest)
    if existing is not None and existing.ingest_hash == digest:
        return "unchanged", existing
    if existing is not None:
        _refuse_breaking_an_embargo(story, existing)
    briefs = [
        {"heading": b.heading or BRIEFS_WITHOUT_HEADING, "items": b.items} for b in story.briefs
    ]
    photos = _photos(story, existing, user)
    if existing is None:
        article = article_create(
            user=user,
            briefs=briefs,
            photos=photos,
            external_id=external_id(story.external_id),
            ingest_hash=digest,
            **_fields(story),
        )
        return "created", article
    kind, note = _revision(story) if existing.first_published_at is not None else (None, "")
    article = article_revise(
        article=existing,
        user=user,
        expected_version=existing.version,
        kind=kind,
        note=note,
        briefs=briefs,
        photos=photos,
        ingest_hash=digest,
        **_fields(story),
    )
    return "updated", article
