from django.conf import settings
from django.db import models
from django.db.models import Q

from newsroom.db import ChecksInPython


def credit_line(*, agency: str, photographer: str, override: str = "") -> str:
    """The credit line readers see: the editor's own, or AGENCY/PHOTOGRAPHER."""
    return override or "/".join(part for part in (agency, photographer) if part)


def _photo_upload_to(photo: "Photo", filename: str) -> str:
    return f"photos/{photo.checksum[:2] or 'xx'}/{photo.checksum[:16] or 'upload'}-{filename}"


def _rendition_upload_to(rendition: "Rendition", filename: str) -> str:
    return f"renditions/{rendition.photo_id}/{filename}"


class Photo(ChecksInPython, models.Model):
    class RenditionStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        # Shown only by killed stories: its renditions are deleted and no more are made.
        WITHDRAWN = "withdrawn", "Withdrawn"

    image = models.ImageField(
        "image file",
        upload_to=_photo_upload_to,
        max_length=255,
        blank=True,
        help_text="Empty for a photo known only by its caption (for example from wire copy).",
    )
    width = models.PositiveIntegerField(
        "width in pixels", null=True, blank=True, editable=False, help_text="Upright, after EXIF."
    )
    height = models.PositiveIntegerField(
        "height in pixels", null=True, blank=True, editable=False, help_text="Upright, after EXIF."
    )
    checksum = models.CharField(
        "SHA-256 of the image bytes", max_length=64, blank=True, editable=False, db_index=True
    )
    caption = models.TextField(blank=True)
    alt_text = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="What the photo shows, for screen readers.",
    )
    photographer = models.CharField(max_length=200, blank=True)
    agency = models.CharField(
        max_length=200, blank=True, help_text="The agency that distributes the photo (EPA-EFE)."
    )
    credit_line_override = models.CharField(
        "credit line",
        max_length=300,
        blank=True,
        help_text="Leave empty to derive it from agency and photographer: EPA-EFE/NAME.",
    )
    copyright_notice = models.CharField(max_length=300, blank=True)
    focal_point_x = models.FloatField(
        default=0.5, help_text="Horizontal focal point, 0 (left edge) to 1 (right edge)."
    )
    focal_point_y = models.FloatField(
        default=0.5, help_text="Vertical focal point, 0 (top edge) to 1 (bottom edge)."
    )
    rendition_status = models.CharField(
        max_length=10, choices=RenditionStatus.choices, default=RenditionStatus.PENDING
    )
    rendition_error = models.TextField(blank=True, help_text="Why the renditions failed, if so.")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_point_x__gte=0, focal_point_x__lte=1)
                & Q(focal_point_y__gte=0, focal_point_y__lte=1),
                name="photo_focal_point_in_unit_square",
            ),
            models.CheckConstraint(
                condition=~Q(rendition_status="failed") | ~Q(rendition_error=""),
                name="photo_failed_renditions_have_error",
            ),
        ]

    def __str__(self):
        return self.caption[:80] or self.credit_line or f"Photo {self.pk}"

    @property
    def credit_line(self) -> str:
        return credit_line(
            agency=self.agency, photographer=self.photographer, override=self.credit_line_override
        )


class Rendition(ChecksInPython, models.Model):
    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        WEBP = "webp", "WebP"
        AVIF = "avif", "AVIF"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    spec_name = models.CharField(max_length=50, help_text="The rendition spec, e.g. w640.webp.")
    format = models.CharField(max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to=_rendition_upload_to, max_length=255)
    source_checksum = models.CharField(
        "checksum of the source image", max_length=64, help_text="The photo bytes it was made from."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["photo", "spec_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "spec_name", "source_checksum"],
                name="rendition_unique_per_photo_spec_source",
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0, height__gt=0), name="rendition_positive_size"
            ),
        ]

    def __str__(self):
        return f"{self.spec_name} ({self.width}×{self.height})"
