"""The story admin: the form an editor writes in, saved through the services in one call, and
the extra pages of `workflow.py` and `history.py`. Every change of a story goes through
`articles.services`; the admin only collects the input, shows the rules' answers, and keeps an
editor's text when a save is refused."""

from django.conf import settings
from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..models import Article
from ..presence import presence_touch
from .forms import ArticleForm, RefusedSave
from .history import HistoryMixin
from .inlines import ArticlePhotoInline, ArticleUpdateInline, BriefBoxInline, collect_inlines
from .paste import PasteMixin
from .story_list import StoryListMixin
from .workflow import REFUSALS, WorkflowMixin

_WORKFLOW_FIELDS = [
    "status",
    "first_published_at",
    "last_public_update_at",
    "scheduled_publish_at",
    "embargo_until",
    "unpublished_reason",
    "killed_at",
    "kill_notice",
    "version",
]

_SOURCE_FIELDS = ["source_kind", "source_update_sequence", "source_advisory", "contributors"]


@admin.register(Article)
class ArticleAdmin(StoryListMixin, WorkflowMixin, HistoryMixin, PasteMixin, admin.ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    save_on_top = True  # the buttons, "Save and publish" among them, above the headline too
    autocomplete_fields = ["tags"]
    readonly_fields = [*_WORKFLOW_FIELDS, *_SOURCE_FIELDS, "reading_time", "word_count_display"]
    inlines = [BriefBoxInline, ArticlePhotoInline, ArticleUpdateInline]

    class Media:
        css = {"all": ["articles/admin.css"]}
        js = ["articles/counts.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["headline", "slug", "standfirst", "byline"]}),
            (_("Dateline"), {"fields": ["dateline_place", "dateline_date", "agency"]}),
            (None, {"fields": ["body"]}),
            (_("Classification"), {"fields": ["section", "tags", "language"]}),
            (_("Reading time"), {"fields": ["reading_time", "word_count_display"]}),
            (_("Workflow"), {"fields": list(_WORKFLOW_FIELDS)}),
            (_("Source copy"), {"fields": list(_SOURCE_FIELDS), "classes": ["collapse"]}),
        ]
        if not self.has_change_permission(request, obj):
            return fieldsets
        fieldsets[0][1]["fields"].append("expected_version")
        if obj is not None and obj.first_published_at:
            kind_of_change = {"fields": ["revision_kind", "revision_note"]}
            title = _("This story has been published: say what kind of change you are making")
            fieldsets.insert(1, (title, kind_of_change))
        if obj is not None and obj.status in services.CHECKED_WHEN_REVISED:
            fieldsets.insert(2, (_("Checks before publishing"), {"fields": ["override_reason"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "_refused_save", None)
        return type(form_class.__name__, (form_class,), {"refused_save": refused})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_revise(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # A killed story is kept for the record.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status != Article.Status.KILLED)

    def delete_model(self, request, obj):
        services.articles_delete(articles=Article.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        killed = queryset.filter(status=Article.Status.KILLED)
        if killed.exists():
            self.message_user(
                request,
                ngettext(
                    "%(count)d killed story was kept: it stays for the record.",
                    "%(count)d killed stories were kept: they stay for the record.",
                    killed.count(),
                )
                % {"count": killed.count()},
                messages.WARNING,
            )
        services.articles_delete(articles=queryset.exclude(status=Article.Status.KILLED))

    # --- Saving through the services

    def save_model(self, request, obj, form, change):
        """Nothing here: the story, its briefs and its photos are saved together in
        `save_related`, by one service call, once the inlines have been validated."""

    def save_related(self, request, form, formsets, change):
        inputs = {
            **collect_inlines(formsets),
            **{name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS},
            "tags": form.cleaned_data["tags"],
        }
        try:
            if change:
                saved = services.article_revise(
                    article=form.instance,
                    user=request.user,
                    expected_version=form.cleaned_data["expected_version"],
                    kind=form.cleaned_data.get("revision_kind") or None,
                    note=form.cleaned_data.get("revision_note", ""),
                    override_reason=form.cleaned_data.get("override_reason") or "",
                    **inputs,
                )
            else:
                saved = services.article_create(user=request.user, **inputs)
        except REFUSALS as error:
            raise RefusedSave(error) from error
        form.instance.pk, form.instance.slug = saved.pk, saved.slug
        form.instance.version = saved.version

    def construct_change_message(self, request, form, formsets, add=False):
        return super().construct_change_message(request, form, [], add)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RefusedSave as refused:
            # Show the same form again: the editor's input stays, with the reason on top.
            request._refused_save = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None:
            presence_touch(article_id=article.pk, user=request.user)
            extra_context.update(self._workflow_context(request, article))
            extra_context.update(self._save_and_steps(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._save_and_steps(request, None)}
        return super().add_view(request, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        context["words_per_minute"] = settings.READING_WORDS_PER_MINUTE  # for the typed counts
        return super().render_change_form(request, context, *args, **kwargs)

    # --- Extra pages

    def get_urls(self):
        pages = [
            ("paste/", self.paste_view, "paste"),
            ("<int:pk>/workflow/<str:action>/", self.workflow_view, "workflow"),
            ("<int:pk>/history/compare/", self.compare_view, "compare"),
            ("<int:pk>/history/<int:number>/restore/", self.restore_view, "restore"),
            ("<int:pk>/presence/", self.presence_view, "presence"),
            ("<int:pk>/preview-link/", self.preview_link_view, "preview_link"),
        ]
        return [
            *(
                path(route, self.admin_site.admin_view(view), name=f"articles_article_{name}")
                for route, view, name in pages
            ),
            *super().get_urls(),
        ]
