"""A story's status as the desk must read it: what readers see that the status alone does not
say (a scheduled story already public, an embargo still running, a kill)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import Article
from ..services import is_due


def _when(moment) -> str:
    """In the editor's language: 20 Dec 2026 10:00 UTC, 20. Dez. 2026 10:00 UTC."""
    return date_format(timezone.localtime(moment), "j M Y H:i T")


def status_badge(article: Article):
    """HTML: the status as a coloured label (`status-badge status-<status>` in admin.css)."""
    return format_html(
        '<span class="status-badge status-{}">{}</span>',
        article.status,
        article.get_status_display(),
    )


def _scheduled(article: Article, status):
    if is_due(article):
        return format_html(
            '{} <span class="overdue-badge" title="{}">{}</span>',
            status,
            _(
                "Public since %(when)s; its publication is not recorded yet. Is the beat "
                "process running?"
            )
            % {"when": _when(article.scheduled_publish_at)},
            _("OVERDUE"),
        )
    return format_html(
        "{} {}", status, _("for %(when)s") % {"when": _when(article.scheduled_publish_at)}
    )


def status_line(article: Article):
    """HTML: the status badge, with what else the desk must know: the scheduled time, and for
    a scheduled story whose time has passed but whose publication is not yet recorded (no
    beat process has run since) an OVERDUE flag; an embargo still running; a kill's time."""
    now = timezone.now()
    status = status_badge(article)
    if article.status == Article.Status.SCHEDULED and article.scheduled_publish_at:
        return _scheduled(article, status)
    if article.status == Article.Status.PUBLISHED and (article.embargo_until or now) > now:
        return format_html(
            '{} <span class="embargo-badge">{}</span> {}',
            status,
            _("EMBARGOED"),
            _("until %(when)s") % {"when": _when(article.embargo_until)},
        )
    if (
        article.status in (Article.Status.DRAFT, Article.Status.IN_REVIEW)
        and (article.embargo_until or now) > now
    ):
        return format_html(
            '{} <span class="embargo-badge">{}</span> {}',
            status,
            _("EMBARGOED"),
            _("until %(when)s: published under it") % {"when": _when(article.embargo_until)},
        )
    if article.status == Article.Status.KILLED and article.killed_at:
        return format_html("{} {}", status, _("on %(when)s") % {"when": _when(article.killed_at)})
    return status
