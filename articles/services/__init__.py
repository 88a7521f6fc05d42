"""Every write to a story goes through these functions: the admin, the API, ingest and the tasks.

They are keyword-only, run in a transaction, validate with `full_clean()`, and hold every rule
about a story's state: who may do what, which transitions exist, what a revision of a published
story needs, and how a conflicting edit is refused. `user=None` means the system itself (the
scheduled-publishing task), which is trusted.

- `rules`: permissions, allowed transitions, what a revision needs, conflicts.
- `editing`: creating, revising and restoring stories.
- `workflow`: submitting, publishing (now or under embargo), scheduling and unpublishing.
- `lifecycle`: lifting or moving an embargo, and killing a story.
- `parts`, `revisions`, `slugs`: a story's briefs and photos, its history, its slug.
- `reading_times`: word counts and reading times, kept up to date in the background.
- `public_changes`, `photos`: what else changes a story for the public.
"""

from .checks import PublishProblem, publish_problems
from .editing import article_create, article_restore_revision, article_revise
from .lifecycle import article_change_embargo, article_kill
from .public_changes import (
    articles_delete,
    articles_showing_photo_changed,
    articles_taxonomy_changed,
)
from .reading_times import (
    article_readable_content,
    article_refresh_reading_time,
    articles_refresh_reading_times,
    articles_with_stale_reading_time,
)
from .revisions import article_snapshot
from .rules import (
    CHECKED_WHEN_REVISED,
    EDITABLE_FIELDS,
    IMPORT_PUBLISHES_FROM,
    PUBLISHABLE_FROM,
    SOURCE_FIELDS,
    ArticleConflict,
    article_conflict,
    available_actions,
    can_publish,
    can_revise,
    is_due,
    is_embargoed,
    is_public_now,
    revision_requirements,
)
from .workflow import (
    article_publish,
    article_schedule,
    article_submit,
    article_unpublish,
    articles_publish_due,
)

__all__ = [
    "CHECKED_WHEN_REVISED",
    "EDITABLE_FIELDS",
    "IMPORT_PUBLISHES_FROM",
    "PUBLISHABLE_FROM",
    "SOURCE_FIELDS",
    "ArticleConflict",
    "PublishProblem",
    "article_change_embargo",
    "article_conflict",
    "article_create",
    "article_kill",
    "article_publish",
    "article_readable_content",
    "article_refresh_reading_time",
    "article_restore_revision",
    "article_revise",
    "article_schedule",
    "article_snapshot",
    "article_submit",
    "article_unpublish",
    "articles_delete",
    "articles_publish_due",
    "articles_refresh_reading_times",
    "articles_showing_photo_changed",
    "articles_taxonomy_changed",
    "articles_with_stale_reading_time",
    "available_actions",
    "can_publish",
    "can_revise",
    "is_due",
    "is_embargoed",
    "is_public_now",
    "publish_problems",
    "revision_requirements",
]
