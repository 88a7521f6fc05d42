"""What a story holds besides its text: its public record of updates and corrections, its
boxes of briefs and its photo placements."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.db import ChecksInPython

from .stories import Article


class ArticleUpdate(ChecksInPython, models.Model):
    """A public entry on the record of a published story: an update or a correction."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="updates", verbose_name=_("article")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    note = models.TextField(
        help_text=_("Shown to readers, e.g. “Adds comments from the minister”."),
        verbose_name=_("note"),
    )
    created_at = models.DateTimeField(_("time"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("editor"),
    )

    class Meta:
        verbose_name = _("public update or correction")
        verbose_name_plural = _("public updates and corrections")
        ordering = ["article_id", "created_at", "id"]
        indexes = [
            models.Index(fields=["article", "kind"], name="articleupdate_article_kind"),
            models.Index(fields=["kind", "-created_at", "-id"], name="articleupdate_kind_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="articleupdate_note_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:60]}"


class BriefBox(models.Model):
    """A box of bullet briefs under a heading, e.g. “In Other Developments”."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="brief_boxes", verbose_name=_("article")
    )
    heading = models.CharField(max_length=200, verbose_name=_("heading"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("box of briefs")
        ordering = ["article_id", "position", "id"]
        verbose_name_plural = _("brief boxes")

    def __str__(self):
        return self.heading


class BriefItem(models.Model):
    box = models.ForeignKey(
        BriefBox, on_delete=models.CASCADE, related_name="items", verbose_name=_("box")
    )
    text = models.TextField(verbose_name=_("text"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        ordering = ["box_id", "position", "id"]

    def __str__(self):
        return self.text[:80]


class ArticlePhoto(models.Model):
    """Places a photo in a story, with a role, an order and an optional story-specific caption."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        INLINE = "inline", _("Inline")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="photo_placements",
        verbose_name=_("article"),
    )
    photo = models.ForeignKey(
        "media.Photo", on_delete=models.PROTECT, related_name="placements", verbose_name=_("photo")
    )
    role = models.CharField(
        max_length=6, choices=Role.choices, default=Role.INLINE, verbose_name=_("role")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    caption_override = models.TextField(
        _("caption for this story"),
        blank=True,
        help_text=_("Leave empty to use the photo's caption."),
    )

    class Meta:
        verbose_name_plural = _("photo placements")
        ordering = ["article_id", "position", "id"]
        verbose_name = _("photo placement")
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(role="lead"), name="articlephoto_one_lead"
            ),
            models.UniqueConstraint(fields=["article", "photo"], name="articlephoto_unique_photo"),
        ]

    def __str__(self):
        return _("%(role)s photo of %(story)s") % {
            "role": self.get_role_display(),
            "story": self.article,
        }

    @property
    def caption(self) -> str:
        return self.caption_override or self.photo.caption
