"""Subscribers and their deliveries in the admin: configure a subscriber, see its deliveries
(status, attempts, last response code and time), redeliver some, replay it from a point in
the public log."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import StoryEvent

from .models import Delivery, Subscriber
from .services import deliveries_redeliver, subscriber_replay

RECENT = 20


_DELIVERY_COLUMNS = (
    "webhook-id",
    _("event"),
    _("status"),
    _("attempts"),
    _("last answer"),
    _("last attempt"),
)


class ReplayForm(forms.Form):
    from_position = forms.IntegerField(
        required=False,
        min_value=0,
        help_text=_("A position in the public log (an event's cursor)."),
    )
    from_time = forms.DateTimeField(
        required=False, help_text=_("Or: every event the public saw from this time on.")
    )

    def clean(self):
        data = super().clean()
        if data.get("from_position") is None and data.get("from_time") is None:
            raise forms.ValidationError(_("Give a position in the log or a time."))
        return data

    def position(self) -> int:
        if self.cleaned_data.get("from_position") is not None:
            return self.cleaned_data["from_position"]
        first = (
            StoryEvent.objects.filter(
                position__isnull=False, visible_at__gte=self.cleaned_data["from_time"]
            )
            .order_by("position")
            .values_list("position", flat=True)
            .first()
        )
        return first if first is not None else 2**62


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["name", "endpoint_url", "format", "early_embargo_access", "active"]
    list_display += ["pending", "failed"]
    list_filter = ["active", "format", "early_embargo_access"]
    search_fields = ["name", "endpoint_url"]
    filter_horizontal = ["sections", "tags"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["recent_deliveries"]
    fieldsets = [
        (None, {"fields": ["name", "endpoint_url", "secret", "format", "active"]}),
        (_("Filters"), {"fields": ["sections", "tags", "agencies", "languages"]}),
        (_("Embargoes"), {"fields": ["early_embargo_access"]}),
        (_("Deliveries"), {"fields": ["recent_deliveries"]}),
    ]

    def get_queryset(self, request):
        pending = Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING))
        failed = Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED))
        return super().get_queryset(request).annotate(pending_count=pending, failed_count=failed)

    @admin.display(description=_("pending"), ordering="pending_count")
    def pending(self, obj):
        return obj.pending_count

    @admin.display(description=_("dead letters"), ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count

    @admin.display(description=_("recent deliveries"))
    def recent_deliveries(self, obj):
        if obj.pk is None:
            return _("None yet.")
        rows = obj.deliveries.select_related("event")[:RECENT]
        table = format_html_join(
            "",
            "<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    d.webhook_id,
                    d.event.get_kind_display(),
                    d.event.slug,
                    d.get_status_display(),
                    d.attempts,
                    d.last_status_code or d.last_error[:60] or "–",
                    d.last_attempt_at or "–",
                )
                for d in rows
            ),
        )
        deliveries = reverse("admin:distribution_delivery_changelist") + f"?subscriber={obj.pk}"
        replay = reverse("admin:distribution_subscriber_replay", args=[obj.pk])
        head = format_html_join("", "<th>{}</th>", ((h,) for h in _DELIVERY_COLUMNS))
        return format_html(
            '<table><tr>{}</tr>{}</table><p><a href="{}">{}</a> · <a href="{}">{}</a></p>',
            head,
            table,
            deliveries,
            _("All deliveries"),
            replay,
            _("Replay from a point in the log…"),
        )

    def get_urls(self):
        replay = self.admin_site.admin_view(self.replay_view)
        own = [path("<int:pk>/replay/", replay, name="distribution_subscriber_replay")]
        return own + super().get_urls()

    def replay_view(self, request, pk: int):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if not self.has_change_permission(request, subscriber):
            raise PermissionDenied
        form = ReplayForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            made = subscriber_replay(subscriber=subscriber, from_position=form.position())
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery queued for %(subscriber)s.",
                    "%(count)d deliveries queued for %(subscriber)s.",
                    made,
                )
                % {"count": made, "subscriber": subscriber},
            )
            return redirect(reverse("admin:distribution_subscriber_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Replay %(subscriber)s from a point in the log")
            % {"subscriber": subscriber},
            "form": form,
            "subscriber": subscriber,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/distribution/replay.html", context)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["webhook_id", "subscriber", "event_summary", "status", "attempts"]
    list_display += ["last_status_code", "last_attempt_at", "next_attempt_at", "delivered_at"]
    list_filter = ["status", "subscriber"]
    search_fields = ["webhook_id", "event__slug"]
    list_select_related = ["subscriber", "event"]
    actions = ["redeliver"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    @admin.display(description=_("event"))
    def event_summary(self, obj):
        return f"{obj.event.get_kind_display()}: {obj.event.slug} (v{obj.event.version})"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Redeliver the selected deliveries"), permissions=["change"])
    def redeliver(self, request, queryset):
        count = deliveries_redeliver(deliveries=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
