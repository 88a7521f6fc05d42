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

from articles.models import Section, StoryEvent, Tag

from .endpoints import validate_endpoint


class EventLogHead(models.Model):
    """The last position handed out in the public log: one row, locked by the relay."""

    position = models.BigIntegerField(default=0)

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
            "The secret is whsec_ followed by 24 to 64 bytes in base64, e.g. one made here."
        )


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def validate_languages(value: str) -> None:
    """Comma-separated BCP 47 language tags (en, de-AT, zh-Hant)."""
    wrong = [
        w.strip() for w in value.split(",") if w.strip() and not _LANGUAGE.fullmatch(w.strip())
    ]
    if wrong:
        raise ValidationError(f"Not a language code: {', '.join(wrong)[:100]} (e.g. en, de-AT).")


def _words(value: str) -> set[str]:
    return {word.strip().casefold() for word in value.split(",") if word.strip()}


class Subscriber(models.Model):
    class Format(models.TextChoices):
        NINJS_3 = "ninjs3", "IPTC ninjs 3.1"
        NINJS_2 = "ninjs2", "IPTC ninjs 2.2"
        JSON = "json", "The API's own JSON"

    name = models.CharField(max_length=100, unique=True)
    endpoint_url = models.URLField(
        "endpoint URL",
        max_length=2000,
        validators=[validate_endpoint],
        help_text="Where deliveries are POSTed. HTTPS, on a public address.",
    )
    secret = models.CharField(
        "signing secret",
        max_length=200,
        default=new_secret,
        validators=[validate_secret],
        help_text="Shared with the receiver, which checks each delivery's signature with it "
        "(Standard Webhooks: whsec_ and base64).",
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.NINJS_3)
    sections = models.ManyToManyField(
        Section, blank=True, help_text="Only stories in these sections; none: every section."
    )
    tags = models.ManyToManyField(
        Tag, blank=True, help_text="Only stories with one of these tags; none: any story."
    )
    agencies = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated, e.g. “Reuters, AFP”; empty: all."
    )
    languages = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_languages],
        help_text="Comma-separated codes, e.g. “en, de”; empty: all.",
    )
    early_embargo_access = models.BooleanField(
        "receives embargoed stories early",
        default=False,
        help_text="Gets embargoed stories at once, with the embargo time. Everyone else gets "
        "them when the embargo ends.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
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
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (dead letter)"

    id = models.BigAutoField(primary_key=True)
    webhook_id = models.CharField(max_length=40, unique=True, default=new_webhook_id)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(StoryEvent, on_delete=models.PROTECT, related_name="deliveries")
    story_ref = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    retry_since = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    leased_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
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
