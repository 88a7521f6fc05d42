"""The editors' desk in the Django admin.

- `stories.py`: the story admin, its form and how a save goes through the services.
- `story_list.py`: the list of stories (filters, columns, search, pagination).
- `workflow.py`: submit, publish, schedule and unpublish pages, bulk actions, presence, preview
  links.
- `history.py`: revisions, comparing two, restoring one.
- `forms.py`, `inlines.py`, `pages.py`: the forms, the inline parts of a story, shared page
  helpers.
- `parts.py`, `taxonomy.py`: read-only views of a story's parts; sections and tags.
"""

from . import parts, stories, taxonomy  # noqa: F401  (registers the admins)
from .stories import ArticleAdmin
from .story_list import ArchivePaginator

__all__ = ["ArchivePaginator", "ArticleAdmin"]
