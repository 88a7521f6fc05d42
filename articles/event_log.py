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


class StoryEvent(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        UPDATED = "updated", "Updated"
        CORRECTED = "corrected", "Corrected"
        CHANGED = "changed", "Minor change"
        UNPUBLISHED = "unpublished", "Unpublished"
        KILLED = "killed", "Killed"
        DELETED = "deleted", "Deleted"
        EMBARGO_CHANGED = "embargo_changed", "Embargo changed"

    id = models.BigAutoField(primary_key=True)
    position = models.BigIntegerField(
        null=True, blank=True, unique=True, help_text="Its place in the public log, once there."
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, related_name="events"
    )
    story_ref = models.BigIntegerField(help_text="The story's id, kept after it is deleted.")
    slug = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(help_text="The story's public version then.")
    note = models.TextField(blank=True)
    facets = models.JSONField(
        default=dict, help_text="Section, tags, agency and language: what subscribers filter."
    )
    created_at = models.DateTimeField(default=timezone.now)
    visible_at = models.DateTimeField(help_text="When the public may see it.")
    embargo_until = models.DateTimeField(
        null=True, blank=True, help_text="Written under this embargo."
    )
    early = models.BooleanField(
        default=False, help_text="Sent at once to subscribers allowed embargoed stories early."
    )
    early_sent = models.BooleanField(default=False)
    public = models.BooleanField(
        default=True, help_text="False: never in the public log (withdrawn before its time)."
    )

    class Meta:
        verbose_name = "story event"
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
