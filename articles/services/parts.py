"""A story's boxes of briefs and its photo placements, as editors and the importer send them.

Input shapes: a box is `{"heading": str, "items": [str, ...]}`; a placement is
`{"photo": Photo or id, "role": "lead" | "inline", "caption_override": str}`. They are
normalised first (blank boxes dropped, whitespace trimmed), compared with what the story has,
and replaced whole when they differ, so that a revision's snapshot says exactly what was shown.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from media.models import Photo

from ..models import Article, ArticlePhoto, BriefBox, BriefItem
from .cleaning import clean_line


def current_briefs(article: Article) -> list[dict]:
    boxes = article.brief_boxes.prefetch_related("items").order_by("position", "id")
    return [{"heading": box.heading, "items": [i.text for i in box.items.all()]} for box in boxes]


def current_photos(article: Article) -> list[dict]:
    placements = article.photo_placements.order_by("position", "id")
    return [
        {"photo": p.photo_id, "role": p.role, "caption_override": p.caption_override}
        for p in placements
    ]


def normalise_briefs(briefs: Iterable[dict]) -> list[dict]:
    """Raises `ValidationError` on `briefs` for a box with items but no heading."""
    normalised = []
    for box in briefs:
        heading = clean_line(box.get("heading"))
        items = [clean_line(item) for item in box.get("items", []) if clean_line(item)]
        if not heading and not items:
            continue
        if not heading:
            raise ValidationError({"briefs": _("Every box of briefs needs a heading.")})
        normalised.append({"heading": heading, "items": items})
    return normalised


def normalise_photos(photos: Iterable[dict]) -> list[dict]:
    """Raises `ValidationError` on `photos` for two leads or the same photo placed twice."""
    normalised = []
    for placement in photos:
        photo = placement["photo"]
        normalised.append(
            {
                "photo": photo.pk if isinstance(photo, Photo) else int(photo),
                "role": placement.get("role") or ArticlePhoto.Role.INLINE,
                "caption_override": clean_line(placement.get("caption_override")),
            }
        )
    if sum(1 for p in normalised if p["role"] == ArticlePhoto.Role.LEAD) > 1:
        raise ValidationError({"photos": _("A story has at most one lead photo.")})
    if len({p["photo"] for p in normalised}) != len(normalised):
        raise ValidationError({"photos": _("The same photo is placed twice.")})
    return normalised


def replace_briefs(article: Article, briefs: list[dict]) -> None:
    article.brief_boxes.all().delete()
    for box_position, box in enumerate(briefs):
        brief_box = BriefBox(article=article, heading=box["heading"], position=box_position)
        brief_box.full_clean(exclude=["article"])
        brief_box.save()
        items = [
            BriefItem(box=brief_box, text=text, position=item_position)
            for item_position, text in enumerate(box["items"])
        ]
        for item in items:
            item.full_clean(exclude=["box"])
        BriefItem.objects.bulk_create(items)


def replace_photos(article: Article, photos: list[dict]) -> None:
    """Raises `ValidationError` on `photos` naming any photo that does not exist."""
    known = set(
        Photo.objects.filter(pk__in=[p["photo"] for p in photos]).values_list("pk", flat=True)
    )
    missing = [p["photo"] for p in photos if p["photo"] not in known]
    if missing:
        raise ValidationError(
            {"photos": _("No such photo: %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
        )
    article.photo_placements.all().delete()
    placements = [
        ArticlePhoto(
            article=article,
            photo_id=p["photo"],
            position=position,
            role=p["role"],
            caption_override=p["caption_override"],
        )
        for position, p in enumerate(photos)
    ]
    for placement in placements:
        placement.full_clean(exclude=["article", "photo"], validate_constraints=False)
    ArticlePhoto.objects.bulk_create(placements)
