"""The story admin's workflow: the step pages (submit, publish, schedule, unpublish), the bulk
actions of the list, who else has the story open, and shared preview links. Every step calls
a service; the page only collects what the step needs and shows the service's answer."""

import re
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.text import INVISIBLE

from .. import services
from ..presence import presence_others, presence_touch
from ..views import preview_url
from .forms import (
    ChangeEmbargoForm,
    EmbargoForm,
    KillForm,
    PublishForm,
    ScheduleForm,
    UnpublishForm,
    error_message,
    step_conflict_message,
)
from .pages import StoryPagesMixin
from .status import status_line

WORKFLOW_ACTIONS = {
    # name: (label, service, form class or None)
    "submit": (_("Submit for review"), services.article_submit, None),
    "publish": (_("Publish now"), services.article_publish, PublishForm),
    "schedule": (_("Schedule"), services.article_schedule, ScheduleForm),
    "unpublish": (_("Unpublish"), services.article_unpublish, UnpublishForm),
    "embargo": (_("Publish under embargo"), services.article_publish, EmbargoForm),
    "change_embargo": (
        _("Lift or move the embargo"),
        services.article_change_embargo,
        ChangeEmbargoForm,
    ),
    "kill": (_("Kill"), services.article_kill, KillForm),
}
REFUSALS = (services.ArticleConflict, ValidationError, PermissionDenied)


def _not_available(article, action: str) -> str:
    label = WORKFLOW_ACTIONS[action][0]
    status = article.get_status_display().lower()
    return _(
        "“%(step)s” is not a step you can take on this story: it is %(status)s, or the step "
        "needs a right you lack."
    ) % {"step": label, "status": status}


def _problems_for(form, article) -> list:
    """The checks before publishing, for a step that publishes; the reason to override them
    is asked for only when there is something it may override."""
    if not isinstance(form, PublishForm):
        return []
    problems = services.publish_problems(article)
    if not any(problem.overridable for problem in problems):
        del form.fields["override_reason"]
    return problems


def _shown_on_form(error, form) -> bool:
    """Puts a service's refusal on the step's form fields it names; False if it names none."""
    if form is None or not isinstance(error, ValidationError):
        return False
    fields = getattr(error, "error_dict", {})
    if not fields or not set(fields) <= set(form.fields):
        return False
    for field, field_errors in error.message_dict.items():
        # The problems are listed above the form; under the reason, only what to do.
        form.add_error(field, field_errors[-1:] if field == "override_reason" else field_errors)
    return True


def _step_arguments(request, button: str) -> dict:
    """What a one-step button needs besides the story: "Save and schedule" its publish time,
    typed beside the button that was pressed (above or below the form)."""
    if button != "_saveandschedule":
        return {}
    where = "bottom" if request.POST.get(button) == "bottom" else "top"
    return {"publish_at": typed_moment(request.POST.get(f"_schedule_at_{where}", ""))}


def typed_moment(typed: str) -> datetime:
    """A moment typed as ISO 8601 (`2026-12-01T09:30`, as a browser's date-time box sends it,
    or with its offset: `…+01:00`, `…Z`): a local time is read in the site's zone. Raises
    `ValidationError` on `publish_at` for text that is no moment, a local time the clocks skip
    (spring forward), one they pass twice (fall back: the offset must say which), or a year
    no zone can show."""
    typed = INVISIBLE.sub("", typed).strip()
    try:
        # A date alone is no time to publish at: it would be taken as midnight.
        moment = parse_datetime(typed) if re.search(r"\d:\d\d", typed) else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            {"publish_at": _("Give the date and time to publish at, e.g. 2026-12-01T09:30.")}
        )
    if timezone.is_naive(moment):
        moment = _local(moment, timezone.get_current_timezone())
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValidationError({"publish_at": _("That year is out of range.")}) from None


def _local(moment: datetime, zone) -> datetime:
    earlier, later = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier
    names = {"when": f"{moment:%Y-%m-%d %H:%M}", "zone": str(zone)}
    back = earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != moment:
        message = _("%(when)s does not exist in %(zone)s: the clocks skip it. Choose another time.")
    else:
        message = _(
            "%(when)s happens twice in %(zone)s, as the clocks go back: type it with its "
            "offset, e.g. %(first)s or %(second)s."
        )
        names["first"] = earlier.isoformat(timespec="minutes")
        names["second"] = later.isoformat(timespec="minutes")
    raise ValidationError({"publish_at": message % names})


def _refused_line(article, error):
    """A bulk step's refusal for one story: its headline, why, and where the checks before
    publishing may be overridden, when that is what stopped it."""
    line = format_html("“{}”: {}", article.headline, error_message(error))
    if not _may_override(error):
        return line
    step = reverse("admin:articles_article_workflow", args=[article.pk, "publish"])
    return format_html(
        '{} <a href="{}?version={}">{}</a>',
        line,
        step,
        article.version,
        _("Give the reason and go on…"),
    )


def _may_override(error) -> bool:
    """Whether a refusal is the checks before publishing, with only photo checks failing."""
    if not isinstance(error, ValidationError) or not hasattr(error, "error_dict"):
        return False
    return error.error_dict.keys() == {"override_reason"} and any(
        e.code == "publish_checks_overridable" for e in error.error_dict["override_reason"]
    )


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
            "publish_problems": (
                services.publish_problems(article)
                if article.status in services.PUBLISHABLE_FROM
                else []
            ),
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
        problems, opened = _problems_for(form, article), {}
        if request.method == "POST" and (form is None or form.is_valid()):
            arguments = form.cleaned_data if form else {}
            try:
                service(
                    article=article,
                    user=request.user,
                    expected_version=self._expected_version(request),
                    **arguments,
                )
            except services.ArticleConflict as conflict:
                # The page is shown again at the story's version now: confirming goes on from it.
                self.message_user(request, step_conflict_message(conflict), messages.ERROR)
                opened = {"expected_version": conflict.article.version}
            except REFUSALS as error:
                if not _shown_on_form(error, form):
                    self.message_user(request, error_message(error, article.pk), messages.ERROR)
            else:
                self.message_user(request, _("%(step)s: done.") % {"step": label}, messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(article))
        return self._action_page(request, article, label, form, publish_problems=problems, **opened)

    # --- One step from the form: "Save and publish", "Save and submit for review"

    SAVE_AND = {
        "_saveandpublish": ("publish", _("Saved and published.")),
        "_saveandsubmit": ("submit", _("Saved and submitted for review.")),
        "_saveandschedule": ("schedule", _("Saved and scheduled.")),
    }

    def _save_and_steps(self, request, article) -> dict:
        """Which of the form's one-step buttons this user may use on this story (None: new),
        and the zone and current value of the time typed for "Save and schedule"."""
        moment = article.scheduled_publish_at if article else None
        schedule = {
            "time_zone_name": timezone.localtime().tzname(),
            "scheduled_local": timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
            if moment
            else "",
        }
        if article is None:
            return {
                **schedule,
                "can_save_and_publish": services.can_publish(request.user),
                "can_save_and_schedule": services.can_publish(request.user),
                "can_save_and_submit": True,
            }
        available = services.available_actions(request.user, article)
        return {
            **schedule,
            "can_save_and_publish": "publish" in available,
            "can_save_and_schedule": "schedule" in available,
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
                article=saved,
                user=request.user,
                expected_version=saved.version,
                **_step_arguments(request, button),
            )
        except REFUSALS as error:
            message = format_html(
                "{} {}", _("Saved, but not done:"), error_message(error, saved.pk)
            )
            if _may_override(error):
                step = reverse("admin:articles_article_workflow", args=[saved.pk, action])
                message = format_html(
                    '{} <a href="{}?version={}">{}</a>',
                    message,
                    step,
                    saved.version,
                    _("Give the reason and go on…"),
                )
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
                '{} <a href="{url}">{url}</a>',
                ngettext(
                    "Preview link, valid for %(hours)d hour:",
                    "Preview link, valid for %(hours)d hours:",
                    hours,
                )
                % {"hours": hours},
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
                refused.append(_refused_line(article, error))
        if done:
            self.message_user(
                request,
                ngettext("%(step)s: %(count)d story.", "%(step)s: %(count)d stories.", done)
                % {"step": label, "count": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Submit selected stories for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_submit, _("Submitted for review"))

    @admin.action(description=_("Publish selected stories now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_publish, _("Published"))
