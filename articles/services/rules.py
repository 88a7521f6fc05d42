"""Who may do what to a story, and what a change must say about itself.

Every other service module asks these functions; the admin asks `available_actions` and
`can_revise` to offer only what the user may do. `user=None` is the system itself (the
scheduled-publishing task), which is trusted.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Article, ArticleRevision, ArticleUpdate

Status = Article.Status
RevisionKind = ArticleRevision.Kind

# Fields an editor changes by editing; status and the public record change only through the
# workflow functions.
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
SOURCE_FIELDS = (
    "external_id",
    "ingest_hash",
    "contributors",
    "source_kind",
    "source_advisory",
    "source_update_sequence",
)
# What a revision of a story that has been published must say about itself.
PUBLISHED_REVISION_KINDS = (RevisionKind.UPDATE, RevisionKind.CORRECTION, RevisionKind.MINOR)
PUBLIC_RECORD_KINDS = {
    RevisionKind.UPDATE: ArticleUpdate.Kind.UPDATE,
    RevisionKind.CORRECTION: ArticleUpdate.Kind.CORRECTION,
}
PUBLISHABLE_FROM = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED)
SCHEDULABLE_FROM = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED)
UNPUBLISHABLE_FROM = (Status.PUBLISHED, Status.SCHEDULED)
KILLABLE_FROM = (Status.PUBLISHED, Status.SCHEDULED, Status.UNPUBLISHED)
# Stories whose changes meet the checks before publishing (`checks.py`): those readers see or
# will see at their scheduled time. Stories that may still be published (PUBLISHABLE_FROM)
# meet them when they are.
CHECKED_WHEN_REVISED = (Status.PUBLISHED, Status.SCHEDULED)
REPORTER_EDITABLE = (Status.DRAFT, Status.IN_REVIEW)
# What an import asked to publish may publish: a draft. A story an editor holds in review,
# scheduled or took down keeps the state the editor gave it.
IMPORT_PUBLISHES_FROM = (Status.DRAFT,)


# The furthest ahead a story may be scheduled or embargoed: a later moment is a typo ("2062"
# for "2026"), and the calendar's end (9999) cannot be shown in every time zone.
FURTHEST_AHEAD = timedelta(days=5 * 366)


def check_ahead(moment: datetime | None, *, field: str, now: datetime) -> None:
    """Raises `ValidationError` on `field` (`publish_at`, or an embargo's end) unless `moment`
    is None or after `now` and at most `FURTHEST_AHEAD` (five years) later."""
    if moment is None:
        return
    if moment <= now:
        raise ValidationError(
            {
                field: _("The publish time must be in the future.")
                if field == "publish_at"
                else _("The embargo must end in the future.")
            }
        )
    if moment - now > FURTHEST_AHEAD:
        raise ValidationError(
            {
                field: _("%(when)s is more than five years ahead: check the year.")
                % {"when": f"{moment:%Y-%m-%d %H:%M %Z}"}
            }
        )


class ArticleConflict(Exception):
    """The story changed since the editor loaded it. Nothing was saved.

    `rejected_changes` holds what the editor sent, so that an interface can show it again.
    """

    def __init__(self, *, article: Article, expected_version: int, rejected_changes: dict):
        self.article = article
        self.expected_version = expected_version
        self.rejected_changes = rejected_changes
        super().__init__(_conflict_message(article, expected_version))


def _conflict_message(article: Article, expected_version: int) -> str:
    user = article.changed_by
    who = (user.get_full_name() or user.get_username()) if user else _("the system")
    changed = timezone.localtime(article.changed_at)
    latest = article.revisions.order_by("-number").first()
    what = f" ({latest.get_kind_display().lower()})" if latest else ""
    return _(
        "%(who)s saved this story at %(time)s on %(date)s%(what)s, after you opened it: "
        "it is now at version %(version)d, you started from version %(expected)d. Nothing of "
        "yours was "
        "saved; your text is still in the form. Compare with the latest version in the "
        "history, then apply your changes to it."
    ) % {
        "who": who,
        "time": date_format(changed, "H:i T"),
        "date": date_format(changed, "j M Y"),
        "what": what,
        "version": article.version,
        "expected": expected_version,
    }


# --- Permissions ------------------------------------------------------------------------------


def require(user, permission: str, action: str) -> None:
    """Raise `PermissionDenied` ("You do not have permission to {action}.") unless the user
    holds `articles.{permission}`."""
    if not has_permission(user, permission):
        raise PermissionDenied(_("You do not have permission to %(step)s.") % {"step": action})


def has_permission(user, permission: str) -> bool:
    return user is None or user.has_perm(f"articles.{permission}")


def can_publish(user) -> bool:
    return has_permission(user, "publish_article")


def can_revise(user, article: Article) -> bool:
    """Reporters edit drafts and stories in review; a story that is or was public, or is
    scheduled, needs the right to revise published stories."""
    if not has_permission(user, "change_article") or article.status == Status.KILLED:
        return False
    if article.first_published_at or article.status not in REPORTER_EDITABLE:
        return has_permission(user, "revise_published_article")
    return True


def require_revise(user, article: Article) -> None:
    """Raise `PermissionDenied` unless `can_revise`; `ValidationError` for a killed story."""
    if article.status == Status.KILLED:
        raise ValidationError(_("A killed story cannot be changed: it is kept as it was killed."))
    if not can_revise(user, article):
        raise PermissionDenied(
            _(
                "You do not have permission to revise a story once it has been published or "
                "scheduled; ask an editor."
            )
        )


def is_embargoed(article: Article) -> bool:
    """Published, and not yet public because its embargo has not ended."""
    return (
        article.status == Status.PUBLISHED
        and article.embargo_until is not None
        and article.embargo_until > timezone.now()
    )


def is_due(article: Article) -> bool:
    """Scheduled, and its second has come: readers see it, whether or not beat has recorded
    its publication yet."""
    due = article.scheduled_publish_at
    return article.status == Status.SCHEDULED and due is not None and due <= timezone.now()


def is_public_now(article: Article) -> bool:
    """Whether readers see the story this second (`selectors/visibility.py` asks the same of
    rows in the database)."""
    published = article.status == Status.PUBLISHED and not is_embargoed(article)
    return published or is_due(article)


def available_actions(user, article: Article) -> list[str]:
    """The workflow actions this user may take on this story now, for the admin's buttons."""
    status = article.status
    possible = {
        "submit": status == Status.DRAFT and has_permission(user, "change_article"),
        "publish": status in PUBLISHABLE_FROM and can_publish(user),
        "schedule": status in SCHEDULABLE_FROM and can_publish(user),
        "unpublish": status in UNPUBLISHABLE_FROM and can_publish(user),
        "embargo": status in PUBLISHABLE_FROM and can_publish(user),
        "change_embargo": (
            (is_embargoed(article) and can_publish(user))
            or (
                status in (Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED)
                and has_permission(user, "change_article")
            )
        ),
        "kill": status in KILLABLE_FROM and has_permission(user, "kill_article"),
    }
    return [name for name, allowed in possible.items() if allowed]


# --- What a change needs ----------------------------------------------------------------------


def revision_requirements(*, article: Article, kind: str | None, note: str) -> str:
    """Check what a revision needs and return the revision kind to record.

    A story that has been published must be revised as an update (with a public note), a
    correction (with a correction note) or a minor change; one never published needs no kind.
    Raises `ValidationError` on `kind` or `note`.
    """
    if not article.first_published_at:
        return RevisionKind.EDIT
    if kind not in PUBLISHED_REVISION_KINDS:
        raise ValidationError(
            {"kind": _("This story has been published: choose update, correction or minor change.")}
        )
    if kind in PUBLIC_RECORD_KINDS and not (note or "").strip():
        needed = (
            _("An update needs a public note for readers.")
            if kind == "update"
            else _("A correction needs a note for readers.")
        )
        raise ValidationError({"note": needed})
    return kind


def article_conflict(article: Article, expected_version: int | None) -> ArticleConflict | None:
    """The conflict an edit started from `expected_version` would meet now, if any: for an
    interface that checks before it validates the rest of its input."""
    if expected_version is None or article.version == expected_version:
        return None
    current = Article.objects.select_related("changed_by").get(pk=article.pk)
    if current.version == expected_version:
        return None
    return ArticleConflict(article=current, expected_version=expected_version, rejected_changes={})


def check_version(current: Article, expected_version: int | None, changes: dict) -> None:
    """Raise `ArticleConflict` if the story is no longer at the version the editor started from.
    `expected_version=None` skips the check (the system, and callers without an edit form)."""
    if expected_version is not None and current.version != expected_version:
        raise ArticleConflict(
            article=current, expected_version=expected_version, rejected_changes=changes
        )


def lock_article(article: Article) -> Article:
    """The story's current row, locked until the transaction ends."""
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("changed_by")
        .get(pk=article.pk)
    )


def refuse_transition(current: Article, action: str) -> ValidationError:
    return ValidationError(
        _("A story that is %(status)s cannot be %(step)s.")
        % {"status": current.get_status_display().lower(), "step": action}
    )
