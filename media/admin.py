from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.forms import note_field
from newsroom.jobs import enqueue_now

from .models import Photo, Rendition, preview_prefetch, preview_url
from .services import (
    EDITABLE_FIELDS,
    photo_change_refusal,
    photo_check_change,
    photo_create,
    photo_update,
    photo_validate_upload,
)
from .storage import STORAGE_ERRORS, storage_problem


class PhotoForm(forms.ModelForm):
    # A plain file field: the service's validation gives the precise reason a file is refused
    # (Django's image field would answer every problem with the same sentence).
    # A plain file box: a new file replaces the image; nothing clears it (a story would lose a
    # picture it shows; take the photo out of the story instead).
    image = forms.FileField(
        required=False,
        widget=forms.FileInput,
        help_text=_("JPEG, PNG, WebP, TIFF or GIF. A new file replaces the image."),
    )

    override_reason = note_field(
        _("Reason to change it anyway"),
        _(
            "Only if this change leaves a photo that a published or scheduled story shows "
            "without alt text or credit; kept in that story's history."
        ),
    )
    user = None  # the editor, set by the admin: the checks ask who is changing the photo

    class Meta:
        model = Photo
        fields = ["image", *EDITABLE_FIELDS]

    def clean(self):
        """The change is put to the apps above before it is saved, so that a refusal is shown
        on the form with the editor's input kept."""
        cleaned = super().clean()
        if self.instance.pk and not self.errors:
            changes = {name: cleaned[name] for name in EDITABLE_FIELDS if name in cleaned}
            try:
                photo_check_change(
                    photo=Photo.objects.get(pk=self.instance.pk),
                    user=self.user,
                    changes=changes,
                    override_reason=cleaned.get("override_reason", ""),
                )
            except PermissionDenied as refused:
                raise ValidationError(str(refused)) from None
        return cleaned

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and upload is not self.initial.get("image"):
            try:
                photo_validate_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict["image"]) from None
            if problem := storage_problem():
                raise ValidationError(problem)
        return upload


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    can_delete = False
    fields = ["preview", "spec_name", "format", "width", "height", "file_size", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="")
    def preview(self, rendition):
        return format_html('<img src="{}" alt="" style="max-height:48px">', rendition.file.url)

    @admin.display(description=_("Size"))
    def file_size(self, rendition):
        try:
            return f"{rendition.file.size / 1024:.0f} KB"
        except STORAGE_ERRORS:
            return _("unknown (the storage did not answer)")


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = [
        "thumbnail",
        "__str__",
        "credit_line",
        "width",
        "height",
        "rendition_status",
        "rendition_count",
        "created_at",
    ]
    list_filter = ["rendition_status", "agency"]
    search_fields = ["caption", "photographer", "agency", "credit_line_override"]
    readonly_fields = [
        "thumbnail",
        "width",
        "height",
        "checksum",
        "rendition_status",
        "rendition_error",
    ]
    inlines = [RenditionInline]
    actions = ["regenerate_renditions"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        return type(form_class.__name__, (form_class,), {"user": request.user})

    def get_queryset(self, request):
        from django.db.models import Count

        queryset = super().get_queryset(request).annotate(rendition_total=Count("renditions"))
        return queryset.prefetch_related(preview_prefetch())

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or photo_change_refusal(photo=obj, user=request.user) is None
        )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or photo_change_refusal(photo=obj, user=request.user) is None
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        photo = self.get_object(request, object_id)
        if photo is not None and (refusal := photo_change_refusal(photo=photo, user=request.user)):
            self.message_user(request, refusal, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="")
    def thumbnail(self, photo):
        if not photo.image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-height:60px">', preview_url(photo))

    @admin.display(description=_("Renditions"), ordering="rendition_total")
    def rendition_count(self, photo):
        return photo.rendition_total

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        image = form.cleaned_data.get("image") if "image" in form.changed_data else None
        if change:
            reason = form.cleaned_data.get("override_reason", "")
            saved = photo_update(
                photo=obj, image=image or None, user=request.user, override_reason=reason, **fields
            )
        else:
            saved = photo_create(image=image or None, user=request.user, **fields)
        obj.pk = saved.pk

    @admin.action(description=_("Make missing renditions of the selected photos"))
    def regenerate_renditions(self, request, queryset):
        sent = sum(
            enqueue_now("media.generate_renditions", pk)
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "Renditions queued for %(count)d photo.",
                "Renditions queued for %(count)d photos.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )


@admin.register(Rendition)
class RenditionAdmin(admin.ModelAdmin):
    list_display = ["photo", "spec_name", "format", "width", "height", "created_at"]
    list_filter = ["format", "spec_name"]
    list_select_related = ["photo"]
    readonly_fields = [f.name for f in Rendition._meta.fields]

    def has_module_permission(self, request):
        """Not in the menu: a photo's renditions are shown on the photo."""
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
