"""Shared preview links: an unpublished story as the public API renders it, for colleagues
without an admin account. The link is signed and expires."""

from django.conf import settings
from django.core import signing
from django.http import Http404, JsonResponse
from django.urls import reverse

from .models import Article
from .selectors import article_public_detail
from .serializers import article_detail_data

_PREVIEW_SALT = "articles.preview"


def preview_url(article, request) -> str:
    token = signing.dumps({"article": article.pk}, salt=_PREVIEW_SALT, compress=True)
    return request.build_absolute_uri(reverse("article-preview", args=[token]))


def article_preview(request, token: str):
    try:
        payload = signing.loads(
            token, salt=_PREVIEW_SALT, max_age=settings.PREVIEW_LINK_MAX_AGE_SECONDS
        )
        story = article_public_detail(article_id=int(payload["article"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404("This preview link is invalid or has expired.") from None
    if story is None or story["status"] in (Article.Status.UNPUBLISHED, Article.Status.KILLED):
        # Taken down (often for legal reasons): shared links stop showing it too.
        raise Http404("This story no longer exists.")
    data = article_detail_data(story, absolute=request.build_absolute_uri)
    response = JsonResponse(
        {"preview": True, "status": story["status"], "article": data},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
