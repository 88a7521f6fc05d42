from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef

from .models import Article, ArticlePhoto, ArticleUpdate, BriefBox, BriefItem, Section, Tag
from .services import EDITABLE_FIELDS, article_create, article_update


class BriefBoxInline(admin.StackedInline):
    model = BriefBox
    extra = 0
    show_change_link = True


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    autocomplete_fields = ["photo"]


class ArticleUpdateInline(admin.TabularInline):
    model = ArticleUpdate
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "note", "created_at", "editor"]

    def has_add_permission(self, request, obj=None):
        return False


class ArticleForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Leave empty to make it from the headline."
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "headline",
        "status",
        "updated_badge",
        "first_published_at",
        "last_public_update_at",
        "reading_time_minutes",
        "agency",
    ]
    list_filter = ["status", "agency", "section"]
    search_fields = ["headline", "byline", "body"]
    list_select_related = ["section"]
    date_hierarchy = "first_published_at"
    readonly_fields = [
        "status",
        "first_published_at",
        "last_public_update_at",
        "word_count",
        "reading_time_minutes",
        "version",
        "created_at",
        "changed_at",
    ]
    inlines = [BriefBoxInline, ArticlePhotoInline, ArticleUpdateInline]

    def get_queryset(self, request):
        updates = ArticleUpdate.objects.filter(article=OuterRef("pk"), kind="update")
        return super().get_queryset(request).annotate(has_public_updates=Exists(updates))

    @admin.display(description="Updated", boolean=True)
    def updated_badge(self, obj):
        return obj.is_updated

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS
        }
        if change:
            saved = article_update(
                article=obj,
                expected_version=form.cleaned_data["expected_version"] or obj.version,
                user=request.user,
                **fields,
            )
        else:
            headline = fields.pop("headline")
            saved = article_create(headline=headline, user=request.user, **fields)
        obj.pk, obj.slug, obj.version = saved.pk, saved.slug, saved.version


class BriefItemInline(admin.TabularInline):
    model = BriefItem
    extra = 1


@admin.register(BriefBox)
class BriefBoxAdmin(admin.ModelAdmin):
    list_display = ["heading", "article", "position"]
    list_select_related = ["article"]
    search_fields = ["heading", "article__headline"]
    inlines = [BriefItemInline]


@admin.register(ArticleUpdate)
class ArticleUpdateAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "note", "created_at", "editor"]
    list_filter = ["kind"]
    list_select_related = ["article", "editor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ArticlePhoto)
class ArticlePhotoAdmin(admin.ModelAdmin):
    list_display = ["article", "photo", "role", "position"]
    list_filter = ["role"]
    list_select_related = ["article", "photo"]
    autocomplete_fields = ["photo"]
    raw_id_fields = ["article"]


@admin.register(BriefItem)
class BriefItemAdmin(admin.ModelAdmin):
    list_display = ["text", "box", "position"]
    list_select_related = ["box"]
    search_fields = ["text"]
    raw_id_fields = ["box"]


@admin.register(Section, Tag)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
