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
from django.utils.formats import date_format
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
    more_query: str  # the story list's filter that shows all of them
    rows: list = field(default_factory=list)
    more_url: str = ""  # set when the section has more stories than it shows


# key, title, which stories, in what order, whose time the line shows, what an empty one says,
# and the story list's filter for all of them.
_SECTIONS = [
    (
        "drafts",
        _("My drafts"),
        lambda user: Q(status=Status.DRAFT, created_by=user),
        ["-changed_at"],
        "changed_at",
        _("No drafts of yours."),
        "status__exact=draft",
    ),
    (
        "review",
        _("In review"),
        lambda user: Q(status=Status.IN_REVIEW),
        ["-changed_at"],
        "changed_at",
        _("Nothing waits for review."),
        "status__exact=in_review",
    ),
    (
        "scheduled",
        _("Scheduled"),
        lambda user: Q(status=Status.SCHEDULED),
        ["scheduled_publish_at"],
        "scheduled_publish_at",
        _("Nothing is scheduled."),
        "status__exact=scheduled",
    ),
    (
        "published",
        _("Recently published"),
        lambda user: Q(status=Status.PUBLISHED),
        ["-first_published_at", "-id"],
        "first_published_at",
        _("Nothing published yet."),
        "status__exact=published",
    ),
    (
        "updated",
        _("Recently updated"),
        lambda user: Q(status=Status.PUBLISHED, last_public_update_at__gt=F("first_published_at")),
        ["-last_public_update_at", "-id"],
        "last_public_update_at",
        _("No updates yet."),
        "updated=yes",
    ),
    (
        "wire",
        _("Recently imported from the wire"),
        # Copy the importer brought in (files, the API, pasted): it keeps the copy's hash.
        lambda user: ~Q(ingest_hash="") | ~Q(external_id=""),
        ["-created_at", "-id"],
        "created_at",
        _("No wire copy imported yet."),
        "",
    ),
]


def _sections(user) -> list[DeskSection]:
    stories = Article.objects.select_related("created_by", "changed_by", "section")
    return [
        DeskSection(key, title, stories.filter(which(user)).order_by(*order), when, empty, more)
        for key, title, which, order, when, empty, more in _SECTIONS
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
        "when": date_format(timezone.localtime(moment), "j M H:i T") if moment else "",
        "by": (article.changed_by or article.created_by),
        "edit": reverse("admin:articles_article_change", args=[article.pk]),
        "actions": _actions(user, article),
    }


def desk(user) -> list[DeskSection]:
    """The desk's sections for `user`, `ROWS` lines each."""
    sections = _sections(user)
    listing = reverse("admin:articles_article_changelist")
    for section in sections:
        stories = list(section.stories[: ROWS + 1])
        section.rows = [_row(user, a, section.when) for a in stories[:ROWS]]
        if len(stories) > ROWS:
            section.more_url = f"{listing}?{section.more_query}" if section.more_query else listing
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
