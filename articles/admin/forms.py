"""The forms of the story admin: the story itself, its boxes of briefs, and the workflow steps
that ask for something (a publish time, a reason, a kind of change)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .. import services
from ..models import Article, ArticleRevision, BriefBox

REVISION_KIND_CHOICES = [
    ("", "— choose —"),
    (ArticleRevision.Kind.UPDATE, "Update: a substantive change, shown to readers as UPDATED"),
    (ArticleRevision.Kind.CORRECTION, "Correction: put on the record for readers"),
    (ArticleRevision.Kind.MINOR, "Minor change: a typo or style fix, not shown publicly"),
]


def error_message(error: Exception) -> str:
    """A service's refusal as one line for an editor."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class RefusedSave(Exception):
    """A service refused the save; the form is shown again with the reason and the input."""

    def __init__(self, error: Exception):
        self.error = error


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
            raise ValidationError(error_message(self.refused_save))
        return cleaned


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
