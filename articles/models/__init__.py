"""The editorial domain's models: stories (`stories.py`), what they hold (`parts.py`), the
record of their changes (`revisions.py`) and the outbox of public events (`event_log.py`)."""

from ..event_log import StoryEvent
from ..text_rules import validate_slug_in_any_script  # the migrations name it here
from .parts import ArticlePhoto, ArticleUpdate, BriefBox, BriefItem
from .revisions import ArticleRevision, PublicCacheRenewal
from .stories import Article, Section, Tag

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleRevision",
    "ArticleUpdate",
    "BriefBox",
    "BriefItem",
    "PublicCacheRenewal",
    "Section",
    "StoryEvent",
    "Tag",
    "validate_slug_in_any_script",
]
