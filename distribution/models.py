"""Subscribers and their deliveries; the public log's head.

A delivery is one event for one subscriber: an HTTP POST signed as Standard Webhooks says,
with a `webhook-id` that stays the same on every retry of it (`deliveries.py`).
"""

import base64
import binascii
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Section, StoryEvent, Tag

from .endpoints import validate_endpoint


class EventLogHead(models.Model):
    """The last position handed out in the public log: one row, locked by the relay."""

    position = models.BigIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("event log head")
        verbose_name_plural = _("event log heads")

    def __str__(self):
        return f"Public log at {self.position}"


def new_secret() -> str:
    """A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def validate_secret(value: str) -> None:
    """A Standard Webhooks secret: `whsec_` and 24 to 64 bytes in base64 (the specification's
    bounds). Raises `ValidationError` otherwise."""
    encoded = value.removeprefix("whsec_")
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if not value.startswith("whsec_") or not 24 <= len(key) <= 64:
        raise ValidationError(
            _("The secret is whsec_ followed by 24 to 64 bytes in base64, e.g. one made here.")
        )


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def validate_languages(value: str) -> None:
    """Comma-separated BCP 47 language tags (en, de-AT, zh-Hant)."""
    wrong = [
        w.strip() for w in value.split(",") if w.strip() and not _LANGUAGE.fullmatch(w.strip())
    ]
    if wrong:
        raise ValidationError(
            _("Not a language code: %(codes)s (e.g. en, de-AT).")
            % {"codes": ", ".join(wrong)[:100]}
        )


def _words(value: str) -> set[str]:
    return {word.strip().casefold() for word in value.split(",") if word.strip()}


class Subscriber(models.Model):
    class Format(models.TextChoices):
        NINJS_3 = "ninjs3", _("IPTC ninjs 3.1")
        NINJS_2 = "ninjs2", _("IPTC ninjs 2.2")
        JSON = "json", _("The API's own JSON")

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    endpoint_url = models.URLField(
        _("endpoint URL"),
        max_length=2000,
        validators=[validate_endpoint],
        help_text=_("Where deliveries are POSTed. HTTPS, on a public address."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        default=new_secret,
        validators=[validate_secret],
        help_text=_(
            "Shared with the receiver, which checks each delivery's signature with it "
            "(Standard Webhooks: whsec_ and base64)."
        ),
    )
    format = models.CharField(
        max_length=10, choices=Format.choices, default=Format.NINJS_3, verbose_name=_("format")
    )
    sections = models.ManyToManyField(
        Section,
        blank=True,
        help_text=_("Only stories in these sections; none: every section."),
        verbose_name=_("sections"),
    )
    tags = models.ManyToManyField(
        Tag,
        blank=True,
        help_text=_("Only stories with one of these tags; none: any story."),
        verbose_name=_("tags"),
    )
    agencies = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, e.g. “Reuters, AFP”; empty: all."),
        verbose_name=_("agencies"),
    )
    languages = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_languages],
        help_text=_("Comma-separated codes, e.g. “en, de”; empty: all."),
        verbose_name=_("languages"),
    )
    early_embargo_access = models.BooleanField(
        _("receives embargoed stories early"),
        default=False,
        help_text=_(
            "Gets embargoed stories at once, with the embargo time. Everyone else gets "
            "them when the embargo ends."
        ),
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, facets: dict, *, sections: set[str], tags: set[str]) -> bool:
        """Whether a story with these facets (`StoryEvent.facets`) passes the filters; the
        subscriber's section and tag slugs are passed in, read once for many events."""
        agencies, languages = _words(self.agencies), _words(self.languages)
        language = facets.get("language", "").casefold()
        return (
            (not sections or facets.get("section") in sections)
            and (not tags or bool(tags & set(facets.get("tags", []))))
            and (not agencies or facets.get("agency", "").casefold() in agencies)
            and (not languages or language in languages or language.split("-")[0] in languages)
        )


def new_webhook_id() -> str:
    return "msg_" + secrets.token_hex(12)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (dead letter)")

    id = models.BigAutoField(primary_key=True, verbose_name=_("id"))
    webhook_id = models.CharField(
        max_length=40, unique=True, default=new_webhook_id, verbose_name=_("webhook id")
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    event = models.ForeignKey(
        StoryEvent, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("event")
    )
    story_ref = models.BigIntegerField(verbose_name=_("story ref"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    retry_since = models.DateTimeField(null=True, blank=True, verbose_name=_("retry since"))
    next_attempt_at = models.DateTimeField(default=timezone.now, verbose_name=_("next attempt at"))
    leased_until = models.DateTimeField(null=True, blank=True, verbose_name=_("leased until"))
    last_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last attempt at"))
    last_status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("last status code")
    )
    last_error = models.CharField(max_length=500, blank=True, verbose_name=_("last error"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["subscriber", "story_ref", "event"], name="delivery_chain"),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_pending",
            ),
            models.Index(fields=["subscriber", "-id"], name="delivery_subscriber"),
            # A subscriber's next due delivery, looked for when one of its attempts ends.
            models.Index(
                fields=["subscriber", "next_attempt_at", "id"],
                condition=models.Q(status="pending"),
                name="delivery_due",
            ),
            # A subscriber's deliveries in flight, counted at every claim.
            models.Index(
                fields=["subscriber", "leased_until"],
                condition=models.Q(status="pending"),
                name="delivery_in_flight",
            ),
        ]

    def __str__(self):
        return f"{self.webhook_id} to {self.subscriber_id}"
