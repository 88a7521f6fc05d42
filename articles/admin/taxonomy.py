"""Sections and tags. Renaming or removing one changes every story filed under it, which the
services renew for the public."""

from django.contrib import admin

from .. import services
from ..models import Section, Tag


@admin.register(Section, Tag)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def _changed(self, obj):
        if isinstance(obj, Section):
            services.articles_taxonomy_changed(section_id=obj.pk)
        else:
            services.articles_taxonomy_changed(tag_id=obj.pk)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed(obj)

    def delete_model(self, request, obj):
        self._changed(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):  # the "delete selected" action
        for obj in queryset:
            self._changed(obj)
        super().delete_queryset(request, queryset)
