"""The list of stories: filters, columns, search and a paginator that stays fast on an archive
of millions."""

from django.contrib import admin
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.db import estimated_count

from ..filters import MAX_QUERY_LENGTH
from ..selectors import article_admin_list_queryset, article_agencies, search_stories
from .inlines import thumbnail
from .status import status_line


class AgencyFilter(admin.SimpleListFilter):
    title = "agency"
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        return [(name, name) for name in article_agencies()]

    def queryset(self, request, queryset):
        return queryset.filter(agency=self.value()) if self.value() else queryset


class UpdatedFilter(admin.SimpleListFilter):
    title = _("updated")
    parameter_name = "updated"

    def lookups(self, request, model_admin):
        return [("yes", _("UPDATED")), ("no", _("Not updated"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_public_updates=self.value() == "yes")
        return queryset


class ArchivePaginator(Paginator):
    """Counts the stories exactly only when they are few. Beyond `exact_up_to`, on PostgreSQL,
    the list says "about N stories", from the planner's statistics: counting an archive of
    millions on every page view would cost far more than the page itself. Pages past the end
    of an estimate are simply empty."""

    exact_up_to = 1_000
    approximate = False

    @cached_property
    def count(self) -> int:
        stories = self.object_list.order_by()
        if connection.vendor == "postgresql":
            estimate = estimated_count(stories)
            if estimate > self.exact_up_to:
                self.approximate = True
                return estimate
        # Bounded even where the estimate was wrong.
        counted = stories.values("pk")[: self.exact_up_to * 10 + 1].count()
        self.approximate = counted > self.exact_up_to * 10
        return counted

    def page(self, number):
        if not self.approximate:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

    def validate_number(self, number):
        if not self.approximate:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number


class StoryListMixin:
    """The story admin's list page."""

    list_display = [
        "headline",
        "status_display",
        "updated_badge",
        "first_published_at",
        "last_public_update_at",
        "reading_time",
        "agency",
        "lead_thumbnail",
    ]
    list_filter = ["status", UpdatedFilter, AgencyFilter, "section", "first_published_at"]
    # Full-text search over headline, standfirst and body on PostgreSQL (get_search_results);
    # these fields elsewhere.
    search_fields = ["headline", "body", "byline"]
    # No date hierarchy: its year links take a DISTINCT over every story on each page view.
    # The "first published" filter gives the same ranges from the index.
    show_full_result_count = False
    paginator = ArchivePaginator
    list_per_page = 50

    def get_queryset(self, request):
        return article_admin_list_queryset(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        if connection.vendor != "postgresql" or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        return search_stories(queryset, search_term[:MAX_QUERY_LENGTH]), False

    @admin.display(description=_("Status"), ordering="status")
    def status_display(self, article):
        """The status, with what readers see that the status does not say yet."""
        return status_line(article)

    @admin.display(description=_("Updated"), ordering="has_public_updates")
    def updated_badge(self, article):
        if not article.is_updated:
            return ""
        return format_html('<span class="updated-badge">{}</span>', "UPDATED")

    @admin.display(description=_("Reading time"), ordering="reading_time_minutes")
    def reading_time(self, article):
        if article.reading_time_minutes is None:
            return _("calculating…")
        return f"{article.reading_time_minutes} min"

    @admin.display(description=_("Word count"))
    def word_count_display(self, article):
        return _("calculating…") if article.word_count is None else article.word_count

    @admin.display(description=_("Lead photo"))
    def lead_thumbnail(self, article):
        leads = getattr(article, "lead_placements", None)
        return thumbnail(leads[0].photo if leads else None, size=60)
