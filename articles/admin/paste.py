"""The "Paste wire copy" page: an editor pastes copy from an agency's page, sees it parsed
beside the text (headline, dateline, body, briefs, photos and credits, advisory, contributors,
and what was removed as page or agency furniture), and creates a draft from it, or updates the
story it matches, through the same importer as `manage.py ingest` (`articles.ingest`).

Nothing is saved until the editor confirms; copy the parser refuses, or the importer cannot
store, is shown again with the reason and changes nothing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..ingest import IngestRefused, ingest_story, matching_story, story_reading_minutes
from ..services import ArticleConflict
from ..wire import MAX_BYTES, WireParseError, WireStory, parse


class PasteForm(forms.Form):
    copy = forms.CharField(
        label=_("Wire copy"),
        widget=forms.Textarea(attrs={"rows": 30, "cols": 70, "spellcheck": "false"}),
        max_length=MAX_BYTES // 4,
        strip=False,
        help_text=_("The story as the agency's page shows it: headline first, then the text."),
    )

    def clean_copy(self) -> str:
        copy = self.cleaned_data["copy"]
        try:
            self.story = parse(copy)
        except WireParseError as error:
            raise forms.ValidationError(str(error)) from None
        return copy


class PasteMixin:
    def paste_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PasteForm(request.POST or None)
        story = form.story if form.is_bound and form.is_valid() else None
        if story is not None and "_import" in request.POST:
            try:
                result = ingest_story(story, user=request.user)
            except (IngestRefused, PermissionDenied) as error:
                form.add_error(None, str(error) or _("You may not change that story."))
            except ArticleConflict:
                form.add_error(
                    None, _("Someone saved that story a moment ago: read the copy again.")
                )
            else:
                return self._imported(request, result)
        return self._paste_page(request, form, story)

    def _imported(self, request, result):
        said = {
            "created": _("Draft created from the pasted copy."),
            "updated": _("The story this copy matches was updated from it."),
            "unchanged": _("The story this copy matches already says the same: nothing changed."),
        }[result.status]
        messages.success(request, said)
        url = reverse("admin:articles_article_change", args=[result.article.pk])
        return HttpResponseRedirect(url)

    def _paste_page(self, request, form, story: WireStory | None):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Paste wire copy"),
            "opts": self.opts,
            "form": form,
            "story": story,
            "match": matching_story(story) if story else None,
            "reading_minutes": story_reading_minutes(story) if story else None,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/article/paste.html", context)
