"""A story's status as the desk must read it: what readers see that the status alone does not
say (a scheduled story already public, an embargo still running, a kill)."""

from django.utils import timezone
from django.utils.html import format_html

from ..models import Article
from ..services import is_due


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M %Z")


def status_badge(article: Article):
    """HTML: the status as a coloured label (`status-badge status-<status>` in admin.css)."""
    return format_html(
        '<span class="status-badge status-{}">{}</span>',
        article.status,
        article.get_status_display(),
    )


def status_line(article: Article):
    """HTML: the status badge, with what else the desk must know: the scheduled time, and for
    a scheduled story whose time has passed but whose publication is not yet recorded (no
    beat process has run since) an OVERDUE flag; an embargo still running; a kill's time."""
    now = timezone.now()
    status = status_badge(article)
    if article.status == Article.Status.SCHEDULED and article.scheduled_publish_at:
        if is_due(article):
            return format_html(
                '{} <span class="overdue-badge" title="{}">OVERDUE</span>',
                status,
                f"Public since {_when(article.scheduled_publish_at)}; its publication is not "
                "recorded yet. Is the beat process running?",
            )
        return format_html("{} for {}", status, _when(article.scheduled_publish_at))
    if article.status == Article.Status.PUBLISHED and (article.embargo_until or now) > now:
        return format_html(
            '{} <span class="embargo-badge">EMBARGOED</span> until {}',
            status,
            _when(article.embargo_until),
        )
    if (
        article.status in (Article.Status.DRAFT, Article.Status.IN_REVIEW)
        and (article.embargo_until or now) > now
    ):
        return format_html(
            '{} <span class="embargo-badge">EMBARGOED</span> until {}: published under it',
            status,
            _when(article.embargo_until),
        )
    if article.status == Article.Status.KILLED and article.killed_at:
        return format_html("{} on {}", status, _when(article.killed_at))
    return status
