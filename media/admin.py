from django.contrib import admin

from .models import Photo, Rendition
from .services import photo_create, photo_update


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    can_delete = False
    readonly_fields = ["spec_name", "format", "width", "height", "file", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit_line", "width", "height", "rendition_status", "created_at"]
    list_filter = ["rendition_status", "agency"]
    search_fields = ["caption", "photographer", "agency", "credit_line_override"]
    readonly_fields = ["width", "height", "checksum", "rendition_status", "rendition_error"]
    inlines = [RenditionInline]

    def save_model(self, request, obj, form, change):
        fields = {n: form.cleaned_data[n] for n in form.changed_data if n != "image"}
        image = form.cleaned_data.get("image") if "image" in form.changed_data else None
        if change:
            photo_update(photo=obj, image=image or None, **fields)
        else:
            saved = photo_create(image=image or None, user=request.user, **fields)
            obj.pk = saved.pk


@admin.register(Rendition)
class RenditionAdmin(admin.ModelAdmin):
    list_display = ["photo", "spec_name", "format", "width", "height", "created_at"]
    list_filter = ["format", "spec_name"]
    list_select_related = ["photo"]
    readonly_fields = [f.name for f in Rendition._meta.fields]

    def has_add_permission(self, request):
        return False
