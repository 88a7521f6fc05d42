"""A story's history in the admin: its revisions, a comparison of any two, and restoring an
old revision as a new one (through `services.article_restore_revision`, so with every rule of
an ordinary edit)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import services
from ..diff import snapshot_diff
from ..filters import whole_number
from .forms import RestoreForm, error_message
from .pages import StoryPagesMixin
from .workflow import REFUSALS


class HistoryMixin(StoryPagesMixin):
    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        revisions = article.revisions.select_related("author").defer("snapshot")
        can_restore = services.can_revise(request.user, article)
        return self._page(
            request,
            article,
            "revisions.html",
            _("History"),
            revisions=revisions,
            can_restore=can_restore,
        )

    def compare_view(self, request, pk):
        article = self._article_or_404(request, pk)
        revisions = {r.number: r for r in article.revisions.select_related("author")}
        try:
            numbers = {whole_number(request.GET.get("a")), whole_number(request.GET.get("b"))}
            old, new = sorted(numbers)
            old_revision, new_revision = revisions[old], revisions[new]
        except (KeyError, ValueError, TypeError):
            self.message_user(request, _("Choose two revisions of this story."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[pk]))
        rows = snapshot_diff(old_revision.snapshot, new_revision.snapshot)
        return self._page(
            request,
            article,
            "compare.html",
            _("Compare revisions %(old)s and %(new)s") % {"old": old, "new": new},
            old=old_revision,
            new=new_revision,
            rows=rows,
            words_added=sum(r.words_added for r in rows),
            words_removed=sum(r.words_removed for r in rows),
        )

    def restore_view(self, request, pk, number):
        article = self._article_or_404(request, pk)
        if not services.can_revise(request.user, article):
            raise PermissionDenied
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
            except REFUSALS as error:
                self.message_user(request, error_message(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Revision %(number)s restored.") % {"number": number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(article))
        if not article.first_published_at:
            form.fields.pop("kind")
            form.fields.pop("note")
        return self._action_page(
            request, article, _("Restore revision %(number)s") % {"number": number}, form
        )
