"""Reads that span relations; every queryset comes with what its callers will touch.

- `detail.py`: one published story (the API's detail, ninjs, previews) and its stamp.
- `lists.py`: pages of published stories with filters and keyset cursors (the list, feeds).
- `admin_list.py`: the admin's story list and its agency filter.
- `visibility.py`: which stories readers see at a given second (schedules and embargoes).
- `common.py`: the fields, the UPDATED flag and search that those share.
"""

from .admin_list import article_admin_list_queryset, article_agencies
from .common import SEARCH_MATCH, search_stories
from .detail import article_kill_notice, article_public_detail, article_public_stamp
from .lists import article_public_list, list_queryset, public_last_change
from .visibility import public_stories, release_times, released

__all__ = [
    "SEARCH_MATCH",
    "article_admin_list_queryset",
    "article_agencies",
    "article_kill_notice",
    "article_public_detail",
    "article_public_list",
    "article_public_stamp",
    "list_queryset",
    "public_last_change",
    "public_stories",
    "release_times",
    "released",
    "search_stories",
]
