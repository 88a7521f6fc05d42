"""The editors' desk. Every change of a story goes through `articles.services`; the admin only
collects the input, shows the rules' answers, and keeps an editor's text when a save is refused."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html

from newsroom.db import estimated_count

from . import services
from .diff import snapshot_diff
from .filters import MAX_QUERY_LENGTH
from .models import (
    Article,
    ArticlePhoto,
    ArticleRevision,
    ArticleUpdate,
    BriefBox,
    BriefItem,
    Section,
    Tag,
)
from .presence import presence_others, presence_touch
from .selectors import article_admin_list_queryset, article_agencies, search_stories
from .views import preview_url

REVISION_KIND_CHOICES = [
    ("", "— choose —"),
    (ArticleRevision.Kind.UPDATE, "Update: a substantive change, shown to readers as UPDATED"),
    (ArticleRevision.Kind.CORRECTION, "Correction: put on the record for readers"),
    (ArticleRevision.Kind.MINOR, "Minor change: a typo or style fix, not shown publicly"),
]


class _RefusedSave(Exception):
    """A service refused the save; the form is shown again with the reason and the input."""

    def __init__(self, error: Exception):
        self.error = error


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _thumbnail(photo, size: int = 80):
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        photo.image.url,
        size,
        size,
    )


# --- Inlines ----------------------------------------------------------------------------------


class BriefBoxForm(forms.ModelForm):
    items_text = forms.CharField(
        label="Items",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="One brief per line, in order. Bullet marks are not needed.",
    )

    class Meta:
        model = BriefBox
        fields = ["heading", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["items_text"].initial = "\n".join(
                item.text for item in self.instance.items.all()
            )

    def items(self) -> list[str]:
        lines = self.cleaned_data.get("items_text", "").splitlines()
        return [line.strip().lstrip("*•-").strip() for line in lines if line.strip()]


class BriefBoxInline(admin.StackedInline):
    model = BriefBox
    form = BriefBoxForm
    extra = 0
    verbose_name = "box of briefs"
    verbose_name_plural = "Boxes of briefs"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")


class ArticlePhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    autocomplete_fields = ["photo"]
    fields = ["thumbnail", "photo", "role", "position", "caption_override", "credit", "alt_text"]
    readonly_fields = ["thumbnail", "credit", "alt_text"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo", "article")

    @admin.display(description="")
    def thumbnail(self, placement):
        return _thumbnail(placement.photo if placement.photo_id else None)

    @admin.display(description="Credit")
    def credit(self, placement):
        return placement.photo.credit_line if placement.photo_id else ""

    @admin.display(description="Alt text")
    def alt_text(self, placement):
        return placement.photo.alt_text if placement.photo_id else ""


class ArticleUpdateInline(admin.TabularInline):
    model = ArticleUpdate
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "note", "created_at", "editor"]
    verbose_name_plural = "Public record: updates and corrections"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("editor", "article")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- The story form ---------------------------------------------------------------------------


class ArticleForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revision_kind = forms.ChoiceField(
        label="Kind of change", choices=REVISION_KIND_CHOICES, required=False
    )
    revision_note = forms.CharField(
        label="Note for readers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text="Shown publicly for an update (“Adds comments from the defence minister”) or "
        "a correction (“An earlier version misstated the date of the vote”).",
    )
    refused_save: Exception | None = None

    class Meta:
        model = Article
        fields = [*services.EDITABLE_FIELDS, "tags"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Leave empty to make it from the headline."
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.refused_save is not None:
            raise ValidationError(_message(self.refused_save))
        return cleaned


class AgencyFilter(admin.SimpleListFilter):
    title = "agency"
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        return [(name, name) for name in article_agencies()]

    def queryset(self, request, queryset):
        return queryset.filter(agency=self.value()) if self.value() else queryset


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
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number


class UpdatedFilter(admin.SimpleListFilter):
    title = "updated"
    parameter_name = "updated"

    def lookups(self, request, model_admin):
        return [("yes", "UPDATED"), ("no", "Not updated")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_public_updates=self.value() == "yes")
        return queryset


# --- Workflow action forms --------------------------------------------------------------------


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label="Publish at", widget=admin.widgets.AdminSplitDateTime
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Kept on the story's record.",
    )


class RestoreForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of change", choices=REVISION_KIND_CHOICES, required=False)
    note = forms.CharField(
        label="Note for readers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )


WORKFLOW_ACTIONS = {
    # name: (label, service, form class or None)
    "submit": ("Submit for review", services.article_submit, None),
    "publish": ("Publish now", services.article_publish, None),
    "schedule": ("Schedule", services.article_schedule, ScheduleForm),
    "unpublish": ("Unpublish", services.article_unpublish, UnpublishForm),
}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "status",
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
    autocomplete_fields = ["tags"]
    readonly_fields = [
        "status",
        "first_published_at",
        "last_public_update_at",
        "scheduled_publish_at",
        "unpublished_reason",
        "reading_time",
        "word_count_display",
        "version",
    ]
    inlines = [BriefBoxInline, ArticlePhotoInline, ArticleUpdateInline]
    actions = ["submit_selected", "publish_selected"]

    class Media:
        css = {"all": ["articles/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        editable = self.has_change_permission(request, obj)
        fieldsets = [
            (None, {"fields": ["headline", "slug", "standfirst", "byline"]}),
            ("Dateline", {"fields": ["dateline_place", "dateline_date", "agency"]}),
            (None, {"fields": ["body"]}),
            ("Classification", {"fields": ["section", "tags", "language"]}),
            ("Reading time", {"fields": ["reading_time", "word_count_display"]}),
            (
                "Workflow",
                {
                    "fields": [
                        "status",
                        "first_published_at",
                        "last_public_update_at",
                        "scheduled_publish_at",
                        "unpublished_reason",
                        "version",
                    ]
                },
            ),
        ]
        if not editable:
            return fieldsets
        fieldsets[0][1]["fields"].append("expected_version")
        if obj is not None and obj.first_published_at:
            fieldsets.insert(
                1,
                (
                    "This story has been published: say what kind of change you are making",
                    {"fields": ["revision_kind", "revision_note"]},
                ),
            )
        return fieldsets

    def get_queryset(self, request):
        return article_admin_list_queryset(super().get_queryset(request))

    def delete_model(self, request, obj):
        services.articles_delete(articles=Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.articles_delete(articles=queryset)

    def get_search_results(self, request, queryset, search_term):
        if connection.vendor != "postgresql" or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        return search_stories(queryset, search_term[:MAX_QUERY_LENGTH]), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "_refused_save", None)
        return type(form_class.__name__, (form_class,), {"refused_save": refused})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_revise(request.user, obj))

    # --- List columns

    @admin.display(description="Updated", ordering="has_public_updates")
    def updated_badge(self, article):
        if not article.is_updated:
            return ""
        return format_html('<span class="updated-badge">{}</span>', "UPDATED")

    @admin.display(description="Reading time", ordering="reading_time_minutes")
    def reading_time(self, article):
        if article.reading_time_minutes is None:
            return "calculating…"
        return f"{article.reading_time_minutes} min"

    @admin.display(description="Word count")
    def word_count_display(self, article):
        return "calculating…" if article.word_count is None else article.word_count

    @admin.display(description="Lead photo")
    def lead_thumbnail(self, article):
        leads = getattr(article, "lead_placements", None)
        return _thumbnail(leads[0].photo if leads else None, size=60)

    # --- Saving through the services

    def save_model(self, request, obj, form, change):
        """Nothing here: the story, its briefs and its photos are saved together in
        `save_related`, by one service call, once the inlines have been validated."""

    def save_related(self, request, form, formsets, change):
        inputs = self._collect_inlines(formsets)
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        try:
            if change:
                saved = services.article_revise(
                    article=form.instance,
                    user=request.user,
                    expected_version=form.cleaned_data["expected_version"],
                    kind=form.cleaned_data.get("revision_kind") or None,
                    note=form.cleaned_data.get("revision_note", ""),
                    tags=form.cleaned_data["tags"],
                    **inputs,
                    **fields,
                )
            else:
                saved = services.article_create(
                    user=request.user, tags=form.cleaned_data["tags"], **inputs, **fields
                )
        except (services.ArticleConflict, ValidationError, PermissionDenied) as error:
            raise _RefusedSave(error) from error
        form.instance.pk, form.instance.slug = saved.pk, saved.slug
        form.instance.version = saved.version

    def _collect_inlines(self, formsets) -> dict:
        inputs = {}
        for formset in formsets:
            forms_kept = [
                f
                for f in formset.forms
                if f.cleaned_data and not (formset.can_delete and f.cleaned_data.get("DELETE"))
            ]
            forms_kept.sort(key=lambda f: f.cleaned_data.get("position") or 0)
            if formset.model is BriefBox:
                inputs["briefs"] = [
                    {"heading": f.cleaned_data["heading"], "items": f.items()} for f in forms_kept
                ]
            elif formset.model is ArticlePhoto:
                inputs["photos"] = [
                    {
                        "photo": f.cleaned_data["photo"],
                        "role": f.cleaned_data["role"],
                        "caption_override": f.cleaned_data["caption_override"],
                    }
                    for f in forms_kept
                ]
        return inputs

    def construct_change_message(self, request, form, formsets, add=False):
        return super().construct_change_message(request, form, [], add)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _RefusedSave as refused:
            # Show the same form again: the editor's input stays, with the reason on top.
            request._refused_save = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None:
            presence_touch(article_id=article.pk, user=request.user)
            extra_context.update(self._workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request, article) -> dict:
        available = services.available_actions(request.user, article)
        return {
            "others_editing": presence_others(article_id=article.pk, user=request.user),
            "workflow_actions": [(name, WORKFLOW_ACTIONS[name][0]) for name in available],
            "article_version": article.version,
        }

    # --- Extra pages

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path(
                "<int:pk>/workflow/<str:action>/",
                wrap(self.workflow_view),
                name="articles_article_workflow",
            ),
            path(
                "<int:pk>/history/compare/",
                wrap(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<int:pk>/history/<int:number>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            path("<int:pk>/presence/", wrap(self.presence_view), name="articles_article_presence"),
            path(
                "<int:pk>/preview-link/",
                wrap(self.preview_link_view),
                name="articles_article_preview_link",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, pk) -> Article:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Article, pk=pk)

    def _change_url(self, article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def _expected_version(self, request) -> int | None:
        raw = request.POST.get("expected_version") or request.GET.get("version")
        return int(raw) if raw and raw.isdigit() else None

    def workflow_view(self, request, pk, action):
        article = self._article_or_404(request, pk)
        if action not in WORKFLOW_ACTIONS:
            raise PermissionDenied
        label, service, form_class = WORKFLOW_ACTIONS[action]
        form = form_class(request.POST or None) if form_class else None
        if request.method == "POST" and (form is None or form.is_valid()):
            arguments = form.cleaned_data if form else {}
            try:
                service(
                    article=article,
                    user=request.user,
                    expected_version=self._expected_version(request),
                    **arguments,
                )
            except (services.ArticleConflict, ValidationError, PermissionDenied) as error:
                self.message_user(request, _message(error), messages.ERROR)
            else:
                self.message_user(request, f"{label}: done.", messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(article))
        return self._action_page(request, article, label, form)

    def _action_page(self, request, article, title, form, **extra):
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {article.headline}",
            "article": article,
            "opts": self.opts,
            "form": form,
            "expected_version": self._expected_version(request) or article.version,
            "media": self.media + (form.media if form else forms.Media()),
            **extra,
        }
        return TemplateResponse(request, "admin/articles/article/action.html", context)

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        revisions = article.revisions.select_related("author").defer("snapshot")
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {article.headline}",
            "article": article,
            "opts": self.opts,
            "revisions": revisions,
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def compare_view(self, request, pk):
        article = self._article_or_404(request, pk)
        revisions = {r.number: r for r in article.revisions.select_related("author")}
        try:
            old, new = sorted({int(request.GET["a"]), int(request.GET["b"])})
            old_revision, new_revision = revisions[old], revisions[new]
        except (KeyError, ValueError):
            self.message_user(request, "Choose two revisions of this story.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[pk]))
        rows = snapshot_diff(old_revision.snapshot, new_revision.snapshot)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare revisions {old} and {new}: {article.headline}",
            "article": article,
            "opts": self.opts,
            "old": old_revision,
            "new": new_revision,
            "rows": rows,
            "words_added": sum(r.words_added for r in rows),
            "words_removed": sum(r.words_removed for r in rows),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, pk, number):
        article = self._article_or_404(request, pk)
        form = RestoreForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.article_restore_revision(
                    article=article,
                    revision_number=number,
                    user=request.user,
                    expected_version=self._expected_version(request),
                    kind=form.cleaned_data["kind"] or None,
                    note=form.cleaned_data["note"],
                )
            except (services.ArticleConflict, ValidationError, PermissionDenied) as error:
                self.message_user(request, _message(error), messages.ERROR)
            else:
                self.message_user(request, f"Revision {number} restored.", messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(article))
        if not article.first_published_at:
            form.fields.pop("kind")
            form.fields.pop("note")
        return self._action_page(request, article, f"Restore revision {number}", form)

    def presence_view(self, request, pk):
        article = self._article_or_404(request, pk)
        if request.method == "POST":
            presence_touch(article_id=article.pk, user=request.user)
        others = presence_others(article_id=article.pk, user=request.user)
        return JsonResponse(
            {
                "others": [
                    {"name": o["name"], "since": timezone.localtime(o["since"]).strftime("%H:%M")}
                    for o in others
                ]
            }
        )

    def preview_link_view(self, request, pk):
        article = self._article_or_404(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(article))
        hours = settings.PREVIEW_LINK_MAX_AGE_SECONDS // 3600
        self.message_user(
            request,
            format_html(
                'Preview link, valid for {} hours: <a href="{url}">{url}</a>',
                hours,
                url=preview_url(article, request),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(article))

    # --- Bulk actions

    def _bulk(self, request, queryset, service, label):
        done, refused = 0, []
        for article in queryset:
            try:
                service(article=article, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"“{article.headline}”: {_message(error)}")
        if done:
            self.message_user(request, f"{label}: {done} stories.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description="Submit selected stories for review")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_submit, "Submitted for review")

    @admin.action(description="Publish selected stories now")
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_publish, "Published")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Parts of a story are edited with the story, so that every change is a revision; here
    they can only be looked up."""

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
