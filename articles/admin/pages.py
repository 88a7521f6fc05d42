"""What the story admin's own pages (workflow steps, history, presence, preview links) share:
finding the story, reading the version the editor started from, and rendering a page."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..filters import whole_number
from ..models import Article


class StoryPagesMixin:
    def _article_or_404(self, request, pk) -> Article:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Article, pk=pk)

    def _change_url(self, article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def _expected_version(self, request) -> int | None:
        """The version the editor's page was opened at; None if the page did not say.
        Raises `ValidationError` for a value that is not a version, so that nothing is changed
        without the conflict check."""
        raw = request.POST.get("expected_version") or request.GET.get("version")
        if not raw:
            return None
        version = whole_number(raw)
        if version is None:
            raise ValidationError(_("This page's version of the story is unreadable: reload it."))
        return version

    def _page(self, request, article, template: str, title: str, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {article.headline}",
            "article": article,
            "opts": self.opts,
            **context,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def _opened_version(self, request, article) -> int:
        try:
            return self._expected_version(request) or article.version
        except ValidationError:
            return article.version

    def _action_page(self, request, article, title, form, **context):
        """A confirmation page for a workflow step, with the step's form if it has one."""
        return self._page(
            request,
            article,
            "action.html",
            title,
            form=form,
            media=self.media + (form.media if form else forms.Media()),
            # A page shown again after a conflict stands at the story's version now.
            **{"expected_version": self._opened_version(request, article), **context},
        )
