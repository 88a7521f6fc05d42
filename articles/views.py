"""Shared preview links: an unpublished story as a reader would see it, built from the same
data the public API serves, under a banner that says it is a preview; `?format=json` gives
that data itself. For colleagues without an admin account: the link is signed and expires."""

from datetime import datetime

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        raise Http404(_("This preview link is invalid or has expired.")) from None
    if story is None or story["status"] in (Article.Status.UNPUBLISHED, Article.Status.KILLED):
        # Taken down (often for legal reasons): shared links stop showing it too.
        raise Http404(_("This story no longer exists."))
    data = article_detail_data(story, absolute=request.build_absolute_uri)
    if request.GET.get("format") == "json":
        response = JsonResponse(
            {"preview": True, "status": story["status"], "article": data},
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(request, "articles/preview.html", _page(story, data))
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(story: dict, data: dict) -> dict:
    """The template's context: the API's own representation, photos split around the body."""
    photos = [{**photo, "src": _src(photo)} for photo in data["photos"]]
    updates = [{**u, "shown_time": _shown(u["time"])} for u in data["updates"]]
    minutes = data["reading_time_minutes"]
    meta = [
        data["byline"],
        data["agency"],
        minutes and ngettext("%d minute read", "%d minutes read", minutes) % minutes,
    ]
    return {
        "article": {**data, "updates": updates},
        "meta": [part for part in meta if part],
        "status_label": Article.Status(story["status"]).label,
        "direction": text_direction(data["language"]),
        "lead_photos": [p for p in photos if p["role"] == "lead"],
        "other_photos": [p for p in photos if p["role"] != "lead"],
    }


def text_direction(language: str) -> str:
    """ "rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu…, from the
    CLDR data Babel carries), else "ltr"; a code Babel cannot read is taken as "ltr"."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def _shown(value: str) -> str:
    """An API time (ISO 8601) as the desk reads it, in the site's zone: 30 Nov 2026, 18:28 UTC."""
    moment = timezone.localtime(datetime.fromisoformat(value.replace("Z", "+00:00")))
    return moment.strftime("%d %b %Y, %H:%M %Z")


def _src(photo: dict) -> str | None:
    """A JPEG rendition about a column wide, for browsers that take no srcset."""
    jpegs = sorted(
        (r for r in photo["renditions"] if r["format"] == "jpeg" and r["name"].startswith("w")),
        key=lambda r: abs(r["width"] - 1024),
    )
    return jpegs[0]["url"] if jpegs else None
