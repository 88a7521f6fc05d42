"""The public event log's outbox: one row for every change the public can see of a story,
written in the same transaction as the change (`services/events.py`), so that no committed
change lacks its event and no rolled-back change has one.

A row is not yet in the public log when it is written. The distribution app's relay gives it
its `position` (the public log's order) after the commit, once `visible_at` has passed: an
embargoed story's events at the embargo's end, a scheduled story's at its scheduled second.
Positions are handed out by one relay at a time, in commit order, so a client that pages by
position never misses a row that committed late.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoryEvent(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Updated")
        CORRECTED = "corrected", _("Corrected")
        CHANGED = "changed", _("Minor change")
        UNPUBLISHED = "unpublished", _("Unpublished")
        KILLED = "killed", _("Killed")
        DELETED = "deleted", _("Deleted")
        EMBARGO_CHANGED = "embargo_changed", _("Embargo changed")

    id = models.BigAutoField(primary_key=True, verbose_name=_("id"))
    position = models.BigIntegerField(
        null=True,
        blank=True,
        unique=True,
        help_text=_("Its place in the public log, once there."),
        verbose_name=_("position"),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
        verbose_name=_("article"),
    )
    story_ref = models.BigIntegerField(
        help_text=_("The story's id, kept after it is deleted."), verbose_name=_("story ref")
    )
    slug = models.CharField(max_length=255, verbose_name=_("slug"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    version = models.PositiveIntegerField(
        help_text=_("The story's public version then."), verbose_name=_("version")
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    facets = models.JSONField(
        default=dict,
        help_text=_("Section, tags, agency and language: what subscribers filter."),
        verbose_name=_("facets"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    visible_at = models.DateTimeField(
        help_text=_("When the public may see it."), verbose_name=_("visible at")
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Written under this embargo."),
        verbose_name=_("embargo until"),
    )
    early = models.BooleanField(
        default=False,
        help_text=_("Sent at once to subscribers allowed embargoed stories early."),
        verbose_name=_("early"),
    )
    early_sent = models.BooleanField(default=False, verbose_name=_("early sent"))
    public = models.BooleanField(
        default=True,
        help_text=_("False: never in the public log (withdrawn before its time)."),
        verbose_name=_("public"),
    )

    class Meta:
        verbose_name_plural = _("story events")
        verbose_name = _("story event")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["visible_at", "id"],
                condition=models.Q(position__isnull=True, public=True),
                name="storyevent_unsequenced",
            ),
            models.Index(
                fields=["id"],
                condition=models.Q(early=True, early_sent=False),
                name="storyevent_early_unsent",
            ),
            models.Index(fields=["story_ref", "id"], name="storyevent_story"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.slug} (v{self.version})"
