"""Stories, and the sections and tags that file them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.db import ChecksInPython

from ..text_rules import paragraphs, validate_slug_in_any_script
from ..wire.story import KINDS


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(ChecksInPython, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        KILLED = "killed", _("Killed")

    headline = models.CharField(
        max_length=300,
        help_text=_('Without any "UPDATED:" marker: that label is derived.'),
        verbose_name=_("headline"),
    )
    slug = models.CharField(
        max_length=255,
        unique=True,
        validators=[validate_slug_in_any_script],
        help_text=_("Made from the headline; it never changes once the story is published."),
        verbose_name=_("slug"),
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("The summary shown under the headline.")
    )
    byline = models.CharField(max_length=300, blank=True, verbose_name=_("byline"))
    agency = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The news agency, e.g. Reuters."),
        verbose_name=_("agency"),
    )
    dateline_place = models.CharField(
        max_length=100,
        blank=True,
        help_text=_('Where the story was filed, as its dateline writes it: "KYIV", "SÃO PAULO".'),
        verbose_name=_("dateline place"),
    )
    dateline_date = models.CharField(
        max_length=50,
        blank=True,
        help_text=_('As written in the copy ("April 20"); no year is added.'),
        verbose_name=_("dateline date"),
    )
    body = models.TextField(
        blank=True, help_text=_("Paragraphs separated by a blank line."), verbose_name=_("body")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("section"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    language = models.CharField(
        max_length=10,
        default="en",
        help_text=_("BCP 47 code, e.g. en."),
        verbose_name=_("language"),
    )
    contributors = models.JSONField(
        default=list, blank=True, help_text=_("[{name, role}]"), verbose_name=_("contributors")
    )
    source_kind = models.CharField(
        max_length=10, blank=True, choices=[(k, k) for k in KINDS], verbose_name=_("source kind")
    )
    source_advisory = models.CharField(
        max_length=500, blank=True, verbose_name=_("source advisory")
    )
    source_update_sequence = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("source update sequence")
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    unpublished_reason = models.TextField(blank=True, verbose_name=_("unpublished reason"))
    scheduled_publish_at = models.DateTimeField(_("scheduled publish time"), null=True, blank=True)
    embargo_until = models.DateTimeField(
        _("embargoed until"), null=True, blank=True, help_text=_("Not public before this time.")
    )
    kill_notice = models.TextField(
        blank=True, help_text=_("Why the story was killed; public."), verbose_name=_("kill notice")
    )
    killed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("killed at"))
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    last_public_update_at = models.DateTimeField(
        _("last public update"),
        null=True,
        blank=True,
        help_text=_("First publication time, then the time of the latest update or correction."),
    )
    word_count = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("word count"))
    reading_time_minutes = models.PositiveSmallIntegerField(
        _("reading time in minutes"), null=True, blank=True
    )
    reading_time_content_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("Hash of the readable content the estimate is from."),
        verbose_name=_("reading time content hash"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    changed_at = models.DateTimeField(auto_now=True, verbose_name=_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text=_("Incremented on every save; an edit must start from the current one."),
        verbose_name=_("version"),
    )
    external_id = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("The story's id at its source (a ninjs uri), when it came in through ingest."),
        verbose_name=_("external id"),
    )
    ingest_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Hash of the copy last ingested for this story."),
        verbose_name=_("ingest hash"),
    )
    public_version = models.PositiveIntegerField(
        default=0,
        help_text=_(
            "Counts the versions the public has seen: 1 at first publication, one more "
            "for every change readers can see. ninjs `version`."
        ),
        verbose_name=_("public version"),
    )
    public_changed_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text=_(
            "When anything the public sees of the story last changed: its text, briefs, "
            "photos, renditions or reading time. The API's Last-Modified, ETag and cache key."
        ),
        verbose_name=_("public changed at"),
    )

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
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
        return self.updates.filter(kind="update").exists()  # ArticleUpdate.Kind.UPDATE

    @property
    def display_label(self) -> str:
        return "UPDATED" if self.is_updated else ""
