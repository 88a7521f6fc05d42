"""The story's history: a revision with a full snapshot for every change, and the public
record of updates and corrections that readers see."""

from django.utils import timezone

from ..models import Article, ArticleRevision, ArticleUpdate
from .parts import current_briefs
from .rules import EDITABLE_FIELDS


def article_snapshot(article: Article) -> dict:
    """Everything a revision keeps: the story's fields, its briefs and its photo placements."""
    placements = article.photo_placements.select_related("photo").order_by("position", "id")
    return {
        **{name: getattr(article, name) for name in EDITABLE_FIELDS if name != "section"},
        "section": article.section_id,
        "tags": sorted(article.tags.values_list("pk", flat=True)),
        "status": article.status,
        "briefs": current_briefs(article),
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


def record_revision(
    article: Article, *, kind: str, user, note: str = "", restored_from: int | None = None
) -> ArticleRevision:
    """A revision numbered with the story's current version, holding its snapshot."""
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


def record_public_entry(article: Article, *, kind: str, note: str, user) -> ArticleUpdate:
    """An entry on the story's public record (an update or a correction), which also moves the
    time readers see as "last updated". Made under an embargo, it is on the record from the
    embargo's end, when readers first see the story."""
    now = max(timezone.now(), article.embargo_until or timezone.now())
    entry = ArticleUpdate(
        article=article, kind=kind, note=note.strip(), created_at=now, editor=user
    )
    entry.full_clean()
    entry.save()
    article.last_public_update_at = now
    Article.objects.filter(pk=article.pk).update(last_public_update_at=now)
    return entry
