"""What is kept about a story's changes: a revision with a snapshot for each, and the cache
generations still to be renewed after one."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .stories import Article


class ArticleRevision(models.Model):
    """A complete snapshot of a story, its briefs and its photo placements after a saved change."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDIT = "edit", _("Edit")
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")
        MINOR = "minor", _("Minor change")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        EMBARGO = "embargo", _("Embargo changed")
        KILLED = "killed", _("Killed")
        PHOTO = "photo", _("Photo changed")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(
        help_text=_("The story's version after this change."), verbose_name=_("number")
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name=_("kind"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"))
    restored_from = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The revision number this one brought back, if any."),
        verbose_name=_("restored from"),
    )
    snapshot = models.JSONField(verbose_name=_("snapshot"))

    class Meta:
        verbose_name_plural = _("story revisions")
        verbose_name = _("story revision")
        ordering = ["article_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="articlerevision_unique_number"
            ),
        ]

    def __str__(self):
        return f"Revision {self.number} ({self.get_kind_display()})"


class PublicCacheRenewal(models.Model):
    """Cache generations that could not be renewed after a commit because the cache was
    unreachable: kept until they are, so that no cached answer from before the change is ever
    served again (see `articles/public_cache.py`)."""

    scopes = models.JSONField(
        help_text=_("The stories' slugs and the lists' scope."), verbose_name=_("scopes")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name_plural = _("pending public cache renewals")
        verbose_name = _("pending public cache renewal")
        ordering = ["id"]

    def __str__(self):
        return f"Pending renewal of {', '.join(self.scopes)[:80]}"
