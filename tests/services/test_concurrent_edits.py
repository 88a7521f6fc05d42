"""Two editors saving the same story at the same moment, on PostgreSQL: one wins, the other is
refused with a conflict, and both texts are kept."""

import threading

import pytest
from django.db import connection

from articles.models import Article
from articles.services import ArticleConflict, article_create, article_revise
from tests.factories import editor

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_simultaneous_saves_one_wins_one_conflicts(postgres_url):
    ana, ben = editor("ana"), editor("ben")
    article = article_create(user=ana, headline="Shared story", body="Original.")
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(user, body):
        try:
            start.wait()
            outcomes[user.username] = article_revise(
                article=article, user=user, expected_version=1, body=body
            )
        except ArticleConflict as conflict:
            outcomes[user.username] = conflict
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(ana, "Ana's text.")),
        threading.Thread(target=save, args=(ben, "Ben's text.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    conflicts = [o for o in outcomes.values() if isinstance(o, ArticleConflict)]
    saved = [o for o in outcomes.values() if isinstance(o, Article)]
    assert len(conflicts) == 1 and len(saved) == 1
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == 2 and stored.body == saved[0].body
    rejected = conflicts[0].rejected_changes["body"]
    assert {stored.body, rejected} == {"Ana's text.", "Ben's text."}
    assert stored.revisions.get(number=1).snapshot["body"] == "Original."
