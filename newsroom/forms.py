"""Form fields the apps' admin forms share."""

from django import forms


def note_field(label, help_text="") -> forms.CharField:
    """An optional note of a sentence or two (a note for readers, a reason for the history):
    a two-row text box across the form."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=help_text,
    )
