from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from newsroom.db import ChecksInPython

from .event_log import StoryEvent  # noqa: F401  (the outbox is a model of this app)
from .text_rules import paragraphs, validate_slug_in_any_script
from .wire.story import KINDS


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(ChecksInPython, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        KILLED = "killed", "Killed"

    headline = models.CharField(
        max_length=300, help_text='Without any "UPDATED:" marker: that label is derived.'
    )
    slug = models.CharField(
        max_length=255,
        unique=True,
        validators=[validate_slug_in_any_script],
        help_text="Made from the headline; it never changes once the story is published.",
    )
    standfirst = models.TextField(
        "standfirst", blank=True, help_text="The summary shown under the headline."
    )
    byline = models.CharField(max_length=300, blank=True)
    agency = models.CharField(
        max_length=100, blank=True, help_text="The news agency, e.g. Reuters."
    )
    dateline_place = models.CharField(
        max_length=100,
        blank=True,
        help_text='Where the story was filed, as its dateline writes it: "KYIV", "SÃO PAULO".',
    )
    dateline_date = models.CharField(
        max_length=50,
        blank=True,
        help_text='As written in the copy ("April 20"); no year is added.',
    )
    body = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    language = models.CharField(max_length=10, default="en", help_text="BCP 47 code, e.g. en.")
    contributors = models.JSONField(default=list, blank=True, help_text="[{name, role}]")
    source_kind = models.CharField(max_length=10, blank=True, choices=[(k, k) for k in KINDS])
    source_advisory = models.CharField(max_length=500, blank=True)
    source_update_sequence = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    unpublished_reason = models.TextField(blank=True)
    scheduled_publish_at = models.DateTimeField("scheduled publish time", null=True, blank=True)
    embargo_until = models.DateTimeField(
        "embargoed until", null=True, blank=True, help_text="Not public before this time."
    )
    kill_notice = models.TextField(blank=True, help_text="Why the story was killed; public.")
    killed_at = models.DateTimeField(null=True, blank=True)
    first_published_at = models.DateTimeField("first published", null=True, blank=True)
    last_public_update_at = models.DateTimeField(
        "last public update",
        null=True,
        blank=True,
        help_text="First publication time, then the time of the latest update or correction.",
    )
    word_count = models.PositiveIntegerField(null=True, blank=True)
    reading_time_minutes = models.PositiveSmallIntegerField(
        "reading time in minutes", null=True, blank=True
    )
    reading_time_content_hash = models.CharField(
        max_length=64, blank=True, help_text="Hash of the readable content the estimate is from."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Incremented on every save; an edit must start from the current one."
    )
    external_id = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The story's id at its source (a ninjs uri), when it came in through ingest.",
    )
    ingest_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Hash of the copy last ingested for this story.",
    )
    public_version = models.PositiveIntegerField(
        default=0,
        help_text="Counts the versions the public has seen: 1 at first publication, one more "
        "for every change readers can see. ninjs `version`.",
    )
    public_changed_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="When anything the public sees of the story last changed: its text, briefs, "
        "photos, renditions or reading time. The API's Last-Modified, ETag and cache key.",
    )

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["-first_published_at", "-id"],
                condition=Q(status="published"),
                name="article_published_order",
            ),
            models.Index(
                fields=["-last_public_update_at", "-id"],
                condition=Q(status="published"),
                name="article_updated_order",
            ),
            models.Index(
                fields=["scheduled_publish_at"],
                condition=Q(status="scheduled"),
                name="article_scheduled_due",
            ),
            models.Index(
                fields=["embargo_until"],
                condition=Q(embargo_until__isnull=False),
                name="article_embargo_until",
            ),
            models.Index(fields=["status", "-changed_at"], name="article_status_changed"),
            # The admin's story list, newest first: all of it, and by each of its filters.
            models.Index(fields=["-created_at", "-id"], name="article_created_order"),
            models.Index(fields=["status", "-created_at"], name="article_status_created"),
            models.Index(fields=["section", "-created_at"], name="article_section_created"),
            models.Index(fields=["agency", "-created_at"], name="article_agency_created"),
            models.Index(
                fields=["-public_changed_at"],
                condition=Q(first_published_at__isnull=False),
                name="article_public_changed",
            ),
            models.Index(
                fields=["-public_changed_at", "-id"],
                condition=Q(status="published"),
                name="article_changed_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="article_unique_external_id",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(first_published_at__isnull=False, last_public_update_at__isnull=False),
                name="article_published_has_times",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_publish_at__isnull=False),
                name="article_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(reading_time_minutes__isnull=True) | Q(reading_time_minutes__gte=1),
                name="article_reading_time_at_least_one_minute",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="article_version_positive"),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish stories"),
            ("revise_published_article", "Can revise stories that have been published"),
            ("kill_article", "Can kill stories (a final, legal or ethical takedown)"),
        ]

    def __str__(self):
        return self.headline

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.body)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_updated(self) -> bool:
        """A story is UPDATED when it has at least one public update entry (not a correction).

        Selectors annotate `has_public_updates` so that lists don't query once per row.
        """
        annotated = getattr(self, "has_public_updates", None)
        if annotated is not None:
            return annotated
        if self.pk is None:
            return False
        return self.updates.filter(kind=ArticleUpdate.Kind.UPDATE).exists()

    @property
    def display_label(self) -> str:
        return "UPDATED" if self.is_updated else ""


class ArticleUpdate(ChecksInPython, models.Model):
    """A public entry on the record of a published story: an update or a correction."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.TextField(help_text="Shown to readers, e.g. “Adds comments from the minister”.")
    created_at = models.DateTimeField("time")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "public update or correction"
        verbose_name_plural = "public updates and corrections"
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

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="brief_boxes")
    heading = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["article_id", "position", "id"]
        verbose_name_plural = "brief boxes"

    def __str__(self):
        return self.heading


class BriefItem(models.Model):
    box = models.ForeignKey(BriefBox, on_delete=models.CASCADE, related_name="items")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["box_id", "position", "id"]

    def __str__(self):
        return self.text[:80]


class ArticlePhoto(models.Model):
    """Places a photo in a story, with a role, an order and an optional story-specific caption."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        INLINE = "inline", "Inline"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photo_placements")
    photo = models.ForeignKey("media.Photo", on_delete=models.PROTECT, related_name="placements")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.INLINE)
    position = models.PositiveSmallIntegerField(default=0)
    caption_override = models.TextField(
        "caption for this story", blank=True, help_text="Leave empty to use the photo's caption."
    )

    class Meta:
        ordering = ["article_id", "position", "id"]
        verbose_name = "photo placement"
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(role="lead"), name="articlephoto_one_lead"
            ),
            models.UniqueConstraint(fields=["article", "photo"], name="articlephoto_unique_photo"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} photo of {self.article}"

    @property
    def caption(self) -> str:
        return self.caption_override or self.photo.caption


class ArticleRevision(models.Model):
    """A complete snapshot of a story, its briefs and its photo placements after a saved change."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        EDIT = "edit", "Edit"
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"
        MINOR = "minor", "Minor change"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"
        EMBARGO = "embargo", "Embargo changed"
        KILLED = "killed", "Killed"
        PHOTO = "photo", "Photo changed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="The story's version after this change.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField()
    restored_from = models.PositiveIntegerField(
        null=True, blank=True, help_text="The revision number this one brought back, if any."
    )
    snapshot = models.JSONField()

    class Meta:
        verbose_name = "story revision"
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

    scopes = models.JSONField(help_text="The stories' slugs and the lists' scope.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "pending public cache renewal"
        ordering = ["id"]

    def __str__(self):
        return f"Pending renewal of {', '.join(self.scopes)[:80]}"
