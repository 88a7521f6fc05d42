import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.db import ChecksInPython

from .storage import renditions_storage


def credit_line(*, agency: str, photographer: str, override: str = "") -> str:
    """The credit line readers see: the editor's own, or AGENCY/PHOTOGRAPHER."""
    return override or "/".join(part for part in (agency, photographer) if part)


def _photo_upload_to(photo: "Photo", filename: str) -> str:
    # Composed form: a name typed on a Mac (decomposed) keeps its accents through the cleaning.
    filename = unicodedata.normalize("NFC", filename)
    return f"photos/{photo.checksum[:2] or 'xx'}/{photo.checksum[:16] or 'upload'}-{filename}"


def _rendition_upload_to(rendition: "Rendition", filename: str) -> str:
    return f"renditions/{rendition.photo_id}/{filename}"


class Photo(ChecksInPython, models.Model):
    class RenditionStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        # Shown only by killed stories: its renditions are deleted and no more are made.
        WITHDRAWN = "withdrawn", _("Withdrawn")

    image = models.ImageField(
        _("image file"),
        upload_to=_photo_upload_to,
        max_length=255,
        blank=True,
        help_text=_("Empty for a photo known only by its caption (for example from wire copy)."),
    )
    width = models.PositiveIntegerField(
        _("width in pixels"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Upright, after EXIF."),
    )
    height = models.PositiveIntegerField(
        _("height in pixels"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Upright, after EXIF."),
    )
    checksum = models.CharField(
        _("SHA-256 of the image bytes"), max_length=64, blank=True, editable=False, db_index=True
    )
    caption = models.TextField(blank=True, verbose_name=_("caption"))
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        blank=True,
        help_text=_("What the photo shows, for screen readers."),
    )
    photographer = models.CharField(max_length=200, blank=True, verbose_name=_("photographer"))
    agency = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The agency that distributes the photo (EPA-EFE)."),
        verbose_name=_("agency"),
    )
    credit_line_override = models.CharField(
        _("credit line"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to derive it from agency and photographer: EPA-EFE/NAME."),
    )
    copyright_notice = models.CharField(
        max_length=300, blank=True, verbose_name=_("copyright notice")
    )
    focal_point_x = models.FloatField(
        default=0.5,
        help_text=_("Horizontal focal point, 0 (left edge) to 1 (right edge)."),
        verbose_name=_("focal point x"),
    )
    focal_point_y = models.FloatField(
        default=0.5,
        help_text=_("Vertical focal point, 0 (top edge) to 1 (bottom edge)."),
        verbose_name=_("focal point y"),
    )
    rendition_status = models.CharField(
        max_length=10,
        choices=RenditionStatus.choices,
        default=RenditionStatus.PENDING,
        verbose_name=_("rendition status"),
    )
    rendition_error = models.TextField(
        blank=True,
        help_text=_("Why the renditions failed, if so."),
        verbose_name=_("rendition error"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    changed_at = models.DateTimeField(auto_now=True, verbose_name=_("changed at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
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
        JPEG = "jpeg", _("JPEG")
        WEBP = "webp", _("WebP")
        AVIF = "avif", _("AVIF")

    photo = models.ForeignKey(
        Photo, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("photo")
    )
    spec_name = models.CharField(
        max_length=50,
        help_text=_("The rendition spec, e.g. w640.webp."),
        verbose_name=_("spec name"),
    )
    format = models.CharField(max_length=4, choices=Format.choices, verbose_name=_("format"))
    width = models.PositiveIntegerField(verbose_name=_("width"))
    height = models.PositiveIntegerField(verbose_name=_("height"))
    file = models.FileField(
        upload_to=_rendition_upload_to,
        storage=renditions_storage,
        max_length=255,
        verbose_name=_("file"),
    )
    source_checksum = models.CharField(
        _("checksum of the source image"),
        max_length=64,
        help_text=_("The photo bytes it was made from."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
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


def preview_spec() -> str:
    """The smallest JPEG width rendition, which the admin shows as a photo's thumbnail."""
    return f"w{min(settings.MEDIA_RENDITION_WIDTHS)}.jpeg"


def preview_prefetch() -> models.Prefetch:
    """Prefetch each photo's thumbnail rendition (`photo.previews`) for a list of photos."""
    wanted = Rendition.objects.filter(spec_name=preview_spec())
    return models.Prefetch("renditions", queryset=wanted, to_attr="previews")


def preview_url(photo: Photo) -> str:
    """A small picture of the photo for the admin: its thumbnail rendition, or while there is
    none yet its original (a signed link on object storage)."""
    previews = getattr(photo, "previews", None)
    if previews is None:
        previews = list(photo.renditions.filter(spec_name=preview_spec())[:1])
    matching = [r for r in previews if r.source_checksum == photo.checksum]
    return matching[0].file.url if matching else photo.image.url
