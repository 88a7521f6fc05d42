"""Tables that exist only inside a story (its briefs, photo placements, public record and
revisions): edited with the story, so that every change is a revision, and here only looked
up."""

from django.contrib import admin

from ..models import ArticlePhoto, ArticleRevision, ArticleUpdate, BriefBox, BriefItem


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        """Not in the menu: these are edited in their story (lookups by URL still work)."""
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BriefItemInline(admin.TabularInline):
    model = BriefItem
    fields = ["text", "position"]
    readonly_fields = fields
    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


@admin.register(BriefBox)
class BriefBoxAdmin(ReadOnlyAdmin):
    list_display = ["heading", "article", "position"]
    list_select_related = ["article"]
    search_fields = ["heading", "article__headline"]
    inlines = [BriefItemInline]


@admin.register(BriefItem)
class BriefItemAdmin(ReadOnlyAdmin):
    list_display = ["text", "box", "position"]
    list_select_related = ["box"]
    search_fields = ["text"]


@admin.register(ArticlePhoto)
class ArticlePhotoAdmin(ReadOnlyAdmin):
    list_display = ["article", "photo", "role", "position"]
    list_filter = ["role"]
    list_select_related = ["article", "photo"]


@admin.register(ArticleUpdate)
class ArticleUpdateAdmin(ReadOnlyAdmin):
    list_display = ["article", "kind", "note", "created_at", "editor"]
    list_filter = ["kind"]
    list_select_related = ["article", "editor"]


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "kind", "author", "created_at", "note"]
    list_filter = ["kind"]
    list_select_related = ["article", "author"]
    exclude = ["snapshot"]
