"""The editor's desk: the admin's home page. What a shift needs at a glance: my drafts, stories
in review, scheduled ones (overdue flagged), recently published and updated, and recently
imported wire copy, each line with its status, its times (with their zone) and what this user
may do next.

`DeskSite` is the project's admin site (`articles.apps.NewsroomAdminConfig` names it). It lives
outside `articles/admin/`, whose modules register models on this site as they are imported.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article

ROWS = 8
Status = Article.Status
# The steps a line offers (the rest are on the story's own page).
DESK_ACTIONS = ("submit", "publish", "schedule", "embargo", "unpublish")


@dataclass
class DeskSection:
    key: str
    title: str
    stories: QuerySet
    when: str  # the field whose time the line shows
    empty: str
    rows: list = field(default_factory=list)


# key, title, which stories, in what order, whose time the line shows, what an empty one says.
_SECTIONS = [
    (
        "drafts",
        _("My drafts"),
        lambda user: Q(status=Status.DRAFT, created_by=user),
        ["-changed_at"],
        "changed_at",
        _("No drafts of yours."),
    ),
    (
        "review",
        _("In review"),
        lambda user: Q(status=Status.IN_REVIEW),
        ["-changed_at"],
        "changed_at",
        _("Nothing waits for review."),
    ),
    (
        "scheduled",
        _("Scheduled"),
        lambda user: Q(status=Status.SCHEDULED),
        ["scheduled_publish_at"],
        "scheduled_publish_at",
        _("Nothing is scheduled."),
    ),
    (
        "published",
        _("Recently published"),
        lambda user: Q(status=Status.PUBLISHED),
        ["-first_published_at", "-id"],
        "first_published_at",
        _("Nothing published yet."),
    ),
    (
        "updated",
        _("Recently updated"),
        lambda user: Q(status=Status.PUBLISHED, last_public_update_at__gt=F("first_published_at")),
        ["-last_public_update_at", "-id"],
        "last_public_update_at",
        _("No updates yet."),
    ),
    (
        "wire",
        _("Recently imported from the wire"),
        lambda user: ~Q(external_id=""),
        ["-created_at", "-id"],
        "created_at",
        _("No wire copy imported yet."),
    ),
]


def _sections(user) -> list[DeskSection]:
    stories = Article.objects.select_related("created_by", "changed_by", "section")
    return [
        DeskSection(key, title, stories.filter(which(user)).order_by(*order), when, empty)
        for key, title, which, order, when, empty in _SECTIONS
    ]


def _actions(user, article: Article) -> list[tuple[str, str]]:
    from .admin.workflow import WORKFLOW_ACTIONS
    from .services import available_actions

    return [
        (
            WORKFLOW_ACTIONS[name][0],
            reverse("admin:articles_article_workflow", args=[article.pk, name]),
        )
        for name in available_actions(user, article)
        if name in DESK_ACTIONS
    ]


def _row(user, article: Article, when: str) -> dict:
    from .admin.status import status_line

    moment = getattr(article, when)
    return {
        "article": article,
        "status": status_line(article),
        "when": timezone.localtime(moment).strftime("%d %b %H:%M %Z") if moment else "",
        "by": (article.changed_by or article.created_by),
        "edit": reverse("admin:articles_article_change", args=[article.pk]),
        "actions": _actions(user, article),
    }


def desk(user) -> list[DeskSection]:
    """The desk's sections for `user`, `ROWS` lines each."""
    sections = _sections(user)
    for section in sections:
        section.rows = [_row(user, a, section.when) for a in section.stories[:ROWS]]
    return sections


class DeskSite(admin.AdminSite):
    site_header = _("Newsroom")
    site_title = _("Newsroom")
    index_title = _("Desk")
    index_template = "admin/desk.html"

    def index(self, request, extra_context=None):
        context = {"desk": desk(request.user), "now": timezone.localtime()}
        if request.user.has_perm("articles.view_article"):
            return super().index(request, {**context, **(extra_context or {})})
        return super().index(request, extra_context)
