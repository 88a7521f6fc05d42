"""The parts of a story edited on its form: boxes of briefs and photo placements, and its
public record of updates and corrections, which can only be read there."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from media.models import preview_url

from ..models import ArticlePhoto, ArticleUpdate, BriefBox
from .forms import BriefBoxForm, StaleRowsInlineFormSet


def thumbnail(photo, size: int = 80):
    """A photo's thumbnail, shown at most `size` px square, or a dash."""
    if not photo:
        return "—"
    if not photo.image:
        return format_html('<span class="check-warning">{}</span>', _("No image file"))
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        preview_url(photo),
        size,
        size,
    )


class BriefBoxInline(admin.StackedInline):
    model = BriefBox
    form = BriefBoxForm
    formset = StaleRowsInlineFormSet
    extra = 0
    verbose_name = _("box of briefs")
    verbose_name_plural = _("Boxes of briefs")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    formset = StaleRowsInlineFormSet
    extra = 0
    autocomplete_fields = ["photo"]
    fields = [
        "thumbnail",
        "photo",
        "role",
        "position",
        "photo_caption",
        "caption_override",
        "credit",
        "alt_text",
    ]
    readonly_fields = ["thumbnail", "photo_caption", "credit", "alt_text"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo", "article")

    @admin.display(description="")
    def thumbnail(self, placement):
        return thumbnail(placement.photo if placement.photo_id else None)

    @admin.display(description=_("Caption"))
    def photo_caption(self, placement):
        """The photo's own caption, with a link to edit the photo (its file, alt text and
        credit are the photo's, shared by every story that shows it)."""
        if not placement.photo_id:
            return ""
        return format_html(
            '{} <a href="{}" target="_blank">{}</a>',
            placement.photo.caption or "—",
            reverse("admin:media_photo_change", args=[placement.photo_id]),
            _("Edit photo"),
        )

    @admin.display(description=_("Credit"))
    def credit(self, placement):
        return (placement.photo.credit_line or "—") if placement.photo_id else ""

    @admin.display(description=_("Alt text"))
    def alt_text(self, placement):
        return (placement.photo.alt_text or "—") if placement.photo_id else ""


class ArticleUpdateInline(admin.TabularInline):
    model = ArticleUpdate
    extra = 0
    can_delete = False
    fields = ["kind", "note", "created_at", "editor_name"]
    readonly_fields = ["kind", "note", "created_at", "editor_name"]
    verbose_name_plural = _("Public record: updates and corrections")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("editor", "article")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Editor"))
    def editor_name(self, entry):
        editor = entry.editor
        return (editor.get_full_name() or editor.get_username()) if editor else _("the system")

    def has_change_permission(self, request, obj=None):
        return False


def collect_inlines(formsets) -> dict:
    """The briefs and photo placements from the inline forms, in the shapes the services take
    (`services/parts.py`), in the editor's order, without the rows marked for deletion."""
    inputs = {}
    for formset in formsets:
        kept = [
            form
            for form in formset.forms
            if form.cleaned_data and not (formset.can_delete and form.cleaned_data.get("DELETE"))
        ]
        kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        if formset.model is BriefBox:
            inputs["briefs"] = [
                {"heading": form.cleaned_data["heading"], "items": form.items()} for form in kept
            ]
        elif formset.model is ArticlePhoto:
            inputs["photos"] = [
                {name: form.cleaned_data[name] for name in ("photo", "role", "caption_override")}
                for form in kept
            ]
    return inputs
