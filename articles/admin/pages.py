"""What the story admin's own pages (workflow steps, history, presence, preview links) share:
finding the story, reading the version the editor started from, and rendering a page."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Article


class StoryPagesMixin:
    def _article_or_404(self, request, pk) -> Article:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Article, pk=pk)

    def _change_url(self, article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def _expected_version(self, request) -> int | None:
        raw = request.POST.get("expected_version") or request.GET.get("version")
        return int(raw) if raw and raw.isdigit() else None

    def _page(self, request, article, template: str, title: str, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {article.headline}",
            "article": article,
            "opts": self.opts,
            **context,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def _action_page(self, request, article, title, form):
        """A confirmation page for a workflow step, with the step's form if it has one."""
        return self._page(
            request,
            article,
            "action.html",
            title,
            form=form,
            expected_version=self._expected_version(request) or article.version,
            media=self.media + (form.media if form else forms.Media()),
        )
