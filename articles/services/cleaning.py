"""What every text sent to the services goes through before it is validated and stored, from
the admin, the API, wire and ninjs ingest alike.

- Characters that XML 1.0 feeds or UTF-8 cannot carry are removed (`newsroom.text`); controls
  that stand for a line break become one.
- One-line fields (everything but the body, the standfirst and notes) have their white space
  collapsed to single spaces, so a pasted line break never hides inside a headline or a byline.
- A headline loses any update marker at its start ("UPDATED:", "UPDATE 2-", …): the UPDATED
  label comes from the story's public record (`articles.headlines`).
"""

from newsroom.text import clean_text

from ..headlines import without_update_marker

MULTI_LINE_FIELDS = frozenset({"body", "standfirst"})


def clean_story_fields(fields: dict) -> dict:
    """The story fields with their text cleaned; values that are not text pass unchanged."""
    cleaned = {
        name: clean_text(value, one_line=name not in MULTI_LINE_FIELDS)
        if isinstance(value, str)
        else value
        for name, value in fields.items()
    }
    if isinstance(cleaned.get("headline"), str):
        cleaned["headline"] = without_update_marker(cleaned["headline"])
    return cleaned


def clean_line(value: str | None) -> str:
    return clean_text(value or "", one_line=True)


def clean_note(value: str | None) -> str:
    return clean_text(value or "")
