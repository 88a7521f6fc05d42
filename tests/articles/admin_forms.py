"""What the admin tests post and open: the change form's data as a browser sends it."""

from articles.models import Article


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(article: Article, **overrides) -> dict:
    """What the change form posts for an article, as a browser would send it."""
    fields = ("headline", "slug", "standfirst", "byline", "agency", "dateline_place")
    fields += ("dateline_date", "body", "language")
    data = {name: getattr(article, name) for name in fields}
    data["expected_version"] = str(article.version)
    boxes = [
        {
            "heading": box.heading,
            "position": str(box.position),
            "items_text": items(box),
            "box": box,
        }
        for box in article.brief_boxes.all()
    ]
    placements = [
        {
            "photo": str(p.photo_id),
            "role": p.role,
            "position": str(p.position),
            "caption_override": p.caption_override,
            "box": p,
        }
        for p in article.photo_placements.all()
    ]
    updates = [{"box": update} for update in article.updates.all()]
    for prefix, rows in (
        ("brief_boxes", boxes),
        ("photo_placements", placements),
        ("updates", updates),
    ):
        data.update(inline_rows(prefix, article, rows))
    return data | overrides


def items(box) -> str:
    return "\n".join(item.text for item in box.items.all())


def inline_rows(prefix: str, article: Article, rows: list[dict]) -> dict:
    """An inline formset's existing rows (`box` is the row's object) and management form."""
    data = inline_management(prefix, len(rows), len(rows))
    for i, row in enumerate(rows):
        data[f"{prefix}-{i}-id"] = str(row["box"].pk)
        data[f"{prefix}-{i}-article"] = str(article.pk)
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items() if name != "box"})
    return data


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"
