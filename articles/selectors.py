"""Reads that span relations; every queryset comes with what its callers will touch."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .models import Article, ArticlePhoto, ArticleUpdate, BriefBox


def _with_updated_flag(queryset: QuerySet) -> QuerySet:
    updates = ArticleUpdate.objects.filter(article=OuterRef("pk"), kind=ArticleUpdate.Kind.UPDATE)
    return queryset.annotate(has_public_updates=Exists(updates))


def article_detail_queryset() -> QuerySet:
    """Stories with everything the detail view shows: briefs, photos and renditions, updates."""
    return _with_updated_flag(Article.objects.select_related("section")).prefetch_related(
        Prefetch("brief_boxes", queryset=BriefBox.objects.prefetch_related("items")),
        Prefetch(
            "photo_placements",
            queryset=ArticlePhoto.objects.select_related("photo").prefetch_related(
                "photo__renditions"
            ),
        ),
        "updates",
        "tags",
    )


def article_admin_list_queryset(queryset: QuerySet) -> QuerySet:
    """The admin's story list: the UPDATED flag and the lead photo without a query per row."""
    lead = ArticlePhoto.objects.filter(role=ArticlePhoto.Role.LEAD).select_related("photo")
    return _with_updated_flag(queryset.select_related("section")).prefetch_related(
        Prefetch("photo_placements", queryset=lead, to_attr="lead_placements")
    )
