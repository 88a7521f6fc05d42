"""The API's documented shapes, for the OpenAPI schema. The responses themselves are built by
`articles.serializers` from plain data (faster); a test checks that they match these."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .filters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, MAX_VALUE_LENGTH, SORTS


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What is wrong, in a sentence.")
    parameter = serializers.CharField(required=False, help_text="The query parameter at fault.")


class KilledSerializer(serializers.Serializer):
    detail = serializers.CharField()
    kill_notice = serializers.CharField(help_text="Why the story was withdrawn.")
    killed_at = serializers.DateTimeField()


class RenditionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The spec: w640.webp, card.jpeg, social.jpeg…")
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.ChoiceField(choices=["jpeg", "webp", "avif"])


class PhotoSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=["lead", "inline"])
    caption = serializers.CharField(allow_blank=True)
    alt_text = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True, help_text="e.g. EPA-EFE/SERGEY DOLZHENKO")
    photographer = serializers.CharField(allow_blank=True)
    agency = serializers.CharField(allow_blank=True)
    copyright = serializers.CharField(allow_blank=True)
    width = serializers.IntegerField(allow_null=True, help_text="Upright pixel width.")
    height = serializers.IntegerField(allow_null=True)
    renditions = RenditionSerializer(many=True, help_text="Empty until the image is processed.")
    srcset = serializers.DictField(
        child=serializers.CharField(), help_text="A ready-made srcset per format (jpeg, webp…)."
    )


class DatelineSerializer(serializers.Serializer):
    place = serializers.CharField(allow_null=True)
    date = serializers.CharField(allow_null=True, help_text="As written, e.g. April 20.")


class SectionSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()


class ContributorSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField(help_text='The trailer\'s own words: "reporting", "editing".')


class ArticleListItemSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = serializers.URLField(help_text="This story in the API.")
    canonical_url = serializers.URLField(help_text="This story on the website.")
    headline = serializers.CharField(help_text='Without any "UPDATED:" marker.')
    display_label = serializers.ChoiceField(
        choices=["UPDATED"], allow_null=True, help_text='"UPDATED" once the story has an update.'
    )
    is_updated = serializers.BooleanField()
    standfirst = serializers.CharField(allow_blank=True)
    byline = serializers.CharField(allow_blank=True)
    contributors = ContributorSerializer(
        many=True, help_text="From the source copy's trailer: who reported and edited it."
    )
    agency = serializers.CharField(allow_null=True)
    dateline = DatelineSerializer()
    section = SectionSerializer(allow_null=True)
    language = serializers.CharField()
    first_published_at = serializers.DateTimeField()
    last_updated_at = serializers.DateTimeField(help_text="Last update or correction.")
    modified_at = serializers.DateTimeField(
        help_text="Last change of anything readers see, minor changes included: sync by it."
    )
    version = serializers.IntegerField(
        help_text="Counts the versions readers have seen: 1 at first publication (ninjs version)."
    )
    reading_time_minutes = serializers.IntegerField(allow_null=True)
    lead_photo = PhotoSerializer(allow_null=True)


class ArticleListSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    results = ArticleListItemSerializer(many=True)


class BriefBoxSerializer(serializers.Serializer):
    heading = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())


class UpdateEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["update", "correction"])
    note = serializers.CharField()
    time = serializers.DateTimeField()


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()


class ArticleDetailSerializer(ArticleListItemSerializer):
    lead_photo = None
    word_count = serializers.IntegerField(allow_null=True)
    tags = TagSerializer(many=True)
    body = serializers.ListField(child=serializers.CharField(), help_text="Plain paragraphs.")
    body_html = serializers.CharField(help_text="The paragraphs as escaped text in <p>.")
    briefs = BriefBoxSerializer(many=True)
    photos = PhotoSerializer(many=True)
    updates = UpdateEntrySerializer(many=True, help_text="The public record, oldest first.")
    embargoed_until = serializers.DateTimeField(
        allow_null=True, help_text="The embargo the story was published under, if any."
    )
    json_ld = serializers.DictField(
        help_text="schema.org NewsArticle; its corrections as `correction` (CorrectionComment)."
    )


_NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
_TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_VALUE_LENGTH, "pattern": _NOT_BLANK}

LIST_PARAMETERS = [
    OpenApiParameter(
        "cursor",
        {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,300}$"},
        description="The `next` link's cursor, to page on (opaque).",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        description=f"1 to {MAX_PAGE_SIZE}; {DEFAULT_PAGE_SIZE} by default.",
    ),
    OpenApiParameter(
        "sort",
        str,
        enum=list(SORTS),
        description="Newest first by this time: first publication, last update or correction "
        "(the UPDATED label), or last change of anything readers see (`modified_at`).",
    ),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="Changed at or after (ISO 8601): any change readers can see, minor changes "
        "included, moves a story into it (`modified_at`).",
    ),
    OpenApiParameter(
        "published_since", OpenApiTypes.DATETIME, description="First published at or after."
    ),
    OpenApiParameter("agency", _TEXT, description="The news agency, e.g. Reuters (any case)."),
    OpenApiParameter("section", _TEXT, description="A section's slug."),
    OpenApiParameter("tag", _TEXT, description="A tag's slug."),
    OpenApiParameter("is_updated", bool, description="Only UPDATED stories, or only others."),
    OpenApiParameter(
        "q",
        {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": _NOT_BLANK},
        description=f"Full-text search, at most {MAX_QUERY_LENGTH} characters.",
    ),
]


class IngestResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    held = serializers.CharField(
        allow_null=True, help_text="Why an import asked to publish did not (an unreadable embargo)."
    )
    slug = serializers.SlugField()
    admin_url = serializers.URLField(help_text="The story in the editors' admin.")
    api_url = serializers.URLField(help_text="The story in the public API, once published.")
