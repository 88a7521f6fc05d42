"""A story's permanent URL name: made from the headline, unique, and never changed once the
story has been published."""

import secrets

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ..models import Article

SLUG_MAX_LENGTH = 80


def _slug_base(headline: str) -> str:
    return slugify(headline)[:SLUG_MAX_LENGTH].strip("-") or "story"


def unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    """The headline's slug, with "-2", "-3"… added if another story already has it."""
    base = _slug_base(headline)
    taken = set(
        Article.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def save_with_unique_slug(article: Article) -> None:
    """Save, and if a concurrent writer took the slug in between, retry with a random suffix."""
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        if not Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
            raise
        article.slug = f"{article.slug[: SLUG_MAX_LENGTH - 7]}-{secrets.token_hex(3)}"
        article.save()
