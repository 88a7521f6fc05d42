"""Rules for a story's text fields that the model and the serialisers share."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_slug_in_any_script(value: str) -> None:
    """Words of letters, marks and digits in any script (Unicode L, M, N) joined by hyphens:
    Django's slug validators refuse the vowel signs (marks) of Thai or Devanagari."""
    words = value.split("-")
    if not all(words) or not all(unicodedata.category(c)[0] in "LMN" for c in "".join(words)):
        raise ValidationError(
            _("A slug is words of letters and digits, in any script, joined by single hyphens."),
            code="invalid",
        )


def paragraphs(body: str) -> list[str]:
    """A body's paragraphs: separated by a blank line, trimmed, empty ones dropped."""
    return [p.strip() for p in (body or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
