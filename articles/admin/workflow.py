"""The story admin's workflow: the step pages (submit, publish, schedule, unpublish), the bulk
actions of the list, who else has the story open, and shared preview links. Every step calls
a service; the page only collects what the step needs and shows the service's answer."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.utils.html import format_html

from .. import services
from ..presence import presence_others, presence_touch
from ..views import preview_url
from .forms import (
    ChangeEmbargoForm,
    EmbargoForm,
    KillForm,
    ScheduleForm,
    UnpublishForm,
    error_message,
)
from .pages import StoryPagesMixin
from .status import status_line

WORKFLOW_ACTIONS = {
    # name: (label, service, form class or None)
    "submit": ("Submit for review", services.article_submit, None),
    "publish": ("Publish now", services.article_publish, None),
    "schedule": ("Schedule", services.article_schedule, ScheduleForm),
    "unpublish": ("Unpublish", services.article_unpublish, UnpublishForm),
    "embargo": ("Publish under embargo", services.article_publish, EmbargoForm),
    "change_embargo": (
        "Lift or move the embargo",
        services.article_change_embargo,
        ChangeEmbargoForm,
    ),
    "kill": ("Kill", services.article_kill, KillForm),
}
REFUSALS = (services.ArticleConflict, ValidationError, PermissionDenied)


def _not_available(article, action: str) -> str:
    label = WORKFLOW_ACTIONS[action][0].lower()
    status = article.get_status_display().lower()
    return f"You cannot {label} this story: it is {status}, or the step needs a right you lack."


class WorkflowMixin(StoryPagesMixin):
    actions = ["submit_selected", "publish_selected"]

    def has_publish_permission(self, request) -> bool:
        """For the list's bulk actions (`permissions=["publish"]`)."""
        return services.can_publish(request.user)

    def _workflow_context(self, request, article) -> dict:
        available = services.available_actions(request.user, article)
        return {
            "others_editing": presence_others(article_id=article.pk, user=request.user),
            "workflow_actions": [(name, WORKFLOW_ACTIONS[name][0]) for name in available],
            "article_version": article.version,
            "status_line": status_line(article),
        }

    def workflow_view(self, request, pk, action):
        article = self._article_or_404(request, pk)
        if action not in WORKFLOW_ACTIONS:
            raise PermissionDenied
        if action not in services.available_actions(request.user, article):
            # Only the steps this user may take now are offered; any other is not a page.
            self.message_user(request, _not_available(article, action), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
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
            except REFUSALS as error:
                self.message_user(request, error_message(error, article.pk), messages.ERROR)
            else:
                self.message_user(request, f"{label}: done.", messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(article))
        return self._action_page(request, article, label, form)

    # --- One step from the form: "Save and publish", "Save and submit for review"

    SAVE_AND = {
        "_saveandpublish": ("publish", "Saved and published."),
        "_saveandsubmit": ("submit", "Saved and submitted for review."),
    }

    def _save_and_steps(self, request, article) -> dict:
        """Which of the form's one-step buttons this user may use on this story (None: new)."""
        if article is None:
            return {
                "can_save_and_publish": services.can_publish(request.user),
                "can_save_and_submit": True,
            }
        available = services.available_actions(request.user, article)
        return {
            "can_save_and_publish": "publish" in available,
            "can_save_and_submit": "submit" in available,
        }

    def _then_step(self, request, obj):
        """After a save from the form, the step its button asked for; None if none did."""
        button = next((name for name in self.SAVE_AND if name in request.POST), None)
        if button is None:
            return None
        action, done = self.SAVE_AND[button]
        saved = type(obj).objects.get(pk=obj.pk)
        try:
            WORKFLOW_ACTIONS[action][1](
                article=saved, user=request.user, expected_version=saved.version
            )
        except REFUSALS as error:
            message = format_html("{} {}", "Saved, but not done:", error_message(error, saved.pk))
            self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(saved))

    def response_add(self, request, obj, post_url_continue=None):
        return self._then_step(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._then_step(request, obj) or super().response_change(request, obj)

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

    # --- Bulk actions of the list

    def _bulk(self, request, queryset, service, label):
        done, refused = 0, []
        for article in queryset:
            try:
                service(article=article, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"“{article.headline}”: {error_message(error)}")
        if done:
            self.message_user(request, f"{label}: {done} stories.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description="Submit selected stories for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_submit, "Submitted for review")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_publish, "Published")
