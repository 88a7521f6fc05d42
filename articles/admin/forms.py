"""The forms of the story admin: the story itself, its boxes of briefs, and the workflow steps
that ask for something (a publish time, a reason, a kind of change)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.forms import note_field

from .. import services
from ..filters import whole_number
from ..models import Article, ArticleRevision, BriefBox

REVISION_KIND_CHOICES = [
    ("", _("— choose —")),
    (ArticleRevision.Kind.UPDATE, _("Update: a substantive change, shown to readers as UPDATED")),
    (ArticleRevision.Kind.CORRECTION, _("Correction: put on the record for readers")),
    (ArticleRevision.Kind.MINOR, _("Minor change: a typo or style fix, not shown publicly")),
]


def error_message(error: Exception, article_pk: int | None = None) -> str:
    """A service's refusal as one line for an editor; a conflict links to the story's history,
    where the other editor's version can be compared."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, services.ArticleConflict) and article_pk:
        history = reverse("admin:articles_article_history", args=[article_pk])
        return format_html('{} <a href="{}">{}</a>.', str(error), history, _("Open the history"))
    return str(error)


def step_conflict_message(conflict) -> str:
    """A workflow step that met another editor's change: who, when, and that the page now
    stands at the story's version (a step page holds no text to lose)."""
    article = conflict.article
    user = article.changed_by
    who = (user.get_full_name() or user.get_username()) if user else _("the system")
    history = reverse("admin:articles_article_history", args=[article.pk])
    return format_html(
        '{} <a href="{}">{}</a>.',
        _(
            "%(who)s changed this story at %(time)s, after you opened this page; nothing was "
            "done. It is now at version %(version)d: check it, then confirm again."
        )
        % {
            "who": who,
            "time": date_format(timezone.localtime(article.changed_at), "H:i T"),
            "version": article.version,
        },
        history,
        _("Open the history"),
    )


class RefusedSave(Exception):
    """A service refused the save; the form is shown again with the reason and the input."""

    def __init__(self, error: Exception):
        self.error = error


class ArticleForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revision_kind = forms.ChoiceField(
        label=_("Kind of change"), choices=REVISION_KIND_CHOICES, required=False
    )
    revision_note = note_field(
        _("Note for readers"),
        _(
            "Shown publicly for an update (“Adds comments from the defence minister”) or "
            "a correction (“An earlier version misstated the date of the vote”)."
        ),
    )
    override_reason = note_field(
        _("Reason to publish anyway"),
        _(
            "Only if this change brings a photo without an image file, alt text or credit "
            "(the checks before publishing); kept in the story's history."
        ),
    )
    refused_save: Exception | None = None

    class Meta:
        model = Article
        fields = [*services.EDITABLE_FIELDS, "tags"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to make it from the headline.")
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        for name in ("headline", "standfirst", "byline", "dateline_place", "body"):
            if name in self.fields:
                # Right-to-left copy reads right to left as it is typed.
                self.fields[name].widget.attrs["dir"] = "auto"
                # A browser counts `maxlength` in UTF-16 units, an emoji as two: the server's
                # limit (in characters) is the one that holds, with the count shown as typed.
                self.fields[name].widget.attrs.pop("maxlength", None)

    def clean(self):
        cleaned = super().clean()
        if self.refused_save is not None:
            raise ValidationError(error_message(self.refused_save, self.instance.pk))
        if self.instance.pk and cleaned.get("expected_version") is None:
            raise ValidationError(
                _(
                    "This form does not say which version of the story it was opened at, so "
                    "another editor's changes could be overwritten: reload the story."
                )
            )
        # Someone saved since this form was opened: say who and when before anything else,
        # whatever else of the input no longer fits the story (a brief box deleted meanwhile).
        if self.instance.pk and (
            conflict := services.article_conflict(self.instance, cleaned.get("expected_version"))
        ):
            raise ValidationError(error_message(conflict, self.instance.pk))
        return cleaned


class StaleRowsInlineFormSet(forms.BaseInlineFormSet):
    """An inline whose rows may have been deleted by another editor since the form was opened.

    Such a row becomes a new row, after the rows that still exist, so that the editor's input
    in it is kept and shown (the admin pairs existing rows with the story's current ones, and
    would drop it), and the story's conflict check speaks, not a hidden "Select a valid choice"
    on the row's id.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            self.data = self._stale_rows_last(self.data)

    def _stale_rows_last(self, data):
        prefix, pk_name = self.prefix, self.model._meta.pk.name
        initial = whole_number(data.get(f"{prefix}-INITIAL_FORMS")) or 0
        posted = {i: whole_number(data.get(f"{prefix}-{i}-{pk_name}")) for i in range(initial)}
        existing = set(
            self.get_queryset()
            .filter(pk__in=[pk for pk in posted.values() if pk])
            .values_list("pk", flat=True)
        )
        kept = [i for i in range(initial) if posted[i] in existing]
        if len(kept) == initial:
            return data
        order = kept + [i for i in range(initial) if i not in kept]
        moved = data.copy()
        for new, old in enumerate(order):
            for name in self.form.base_fields | {pk_name: None, "DELETE": None}:
                key = f"{prefix}-{old}-{name}"
                value = data.getlist(key) if key in data else None
                moved.setlist(f"{prefix}-{new}-{name}", value or [])
            if old not in kept:
                moved[f"{prefix}-{new}-{pk_name}"] = ""
        moved[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
        return moved


class BriefBoxForm(forms.ModelForm):
    items_text = forms.CharField(
        label=_("Items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("One brief per line, in order. Bullet marks are not needed."),
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


class PublishForm(forms.Form):
    """A step that makes a story public: the checks before publishing apply
    (`services/checks.py`); the workflow page drops the reason when there is nothing to
    override."""

    override_reason = note_field(
        _("Reason to publish anyway"),
        _("Only for the photo checks above; kept in the story's history."),
    )


class ScheduleForm(PublishForm):
    publish_at = forms.SplitDateTimeField(
        label=_("Publish at"), widget=admin.widgets.AdminSplitDateTime
    )
    field_order = ["publish_at", "override_reason"]


class EmbargoForm(PublishForm):
    field_order = ["embargo_until", "override_reason"]

    embargo_until = forms.SplitDateTimeField(
        label=_("Embargoed until"),
        widget=admin.widgets.AdminSplitDateTime,
        help_text=_("Published now, and shown to readers on no route before this time."),
    )


class ChangeEmbargoForm(forms.Form):
    until = forms.SplitDateTimeField(
        label=_("New embargo time"),
        required=False,
        widget=admin.widgets.AdminSplitDateTime,
        help_text=_("Leave empty to lift the embargo now."),
    )


class KillForm(forms.Form):
    notice = forms.CharField(
        label=_("Kill notice"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_(
            "Public: the API answers with it. A kill is final; the story cannot be published again."
        ),
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Kept on the story's record."),
    )


class RestoreForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of change"), choices=REVISION_KIND_CHOICES, required=False
    )
    note = note_field(_("Note for readers"))
