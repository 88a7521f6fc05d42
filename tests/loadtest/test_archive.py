"""The archive generator: realistic, related rows, on the embedded database as on PostgreSQL."""

import pytest

from articles.filters import ListQuery
from articles.ingest import ingest_story
from articles.loading import read_story
from articles.models import Article, ArticlePhoto, ArticleUpdate, BriefItem
from articles.selectors import article_agencies, article_public_detail, article_public_list
from loadtest.archive import generate_archive
from loadtest.text import archive_status, published_number
from loadtest.wire import wire_copy
from media.models import Rendition

pytestmark = pytest.mark.django_db


def test_generated_stories_come_with_everything_a_story_has():
    assert generate_archive(300, batch_size=120) == 300
    assert Article.objects.count() == 300
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 3
    assert Article.objects.filter(status=Article.Status.UNPUBLISHED).count() == 3
    assert ArticlePhoto.objects.filter(role=ArticlePhoto.Role.LEAD).count() == 300
    assert Rendition.objects.count() == 300 * 6
    assert ArticleUpdate.objects.filter(kind=ArticleUpdate.Kind.UPDATE).exists()
    assert ArticleUpdate.objects.filter(kind=ArticleUpdate.Kind.CORRECTION).exists()
    assert BriefItem.objects.exists()
    assert Article.objects.filter(section__isnull=False).count() == 300
    assert Article.tags.through.objects.exists()

    number = published_number(142)
    assert number == 143 and archive_status(number) == Article.Status.PUBLISHED
    story = article_public_detail(slug=f"archive-{number}")
    assert story["photos"][0]["renditions"] and story["word_count"] > 100
    assert article_public_detail(slug="archive-142") is None  # a draft
    assert article_public_detail(slug="archive-171") is None  # taken down
    page, _ = article_public_list(ListQuery(page_size=100))
    assert page[0]["slug"] == "archive-299"  # the newest is the highest number
    assert article_agencies() == sorted({a.agency for a in Article.objects.all()})


def test_adding_continues_the_numbering():
    generate_archive(10)
    assert generate_archive(5) == 15
    assert Article.objects.filter(slug="archive-14").exists()
    assert Article.objects.values("slug").distinct().count() == 15


def test_generated_wire_copy_is_read_and_imported():
    files = dict(wire_copy(20, seed=3))
    assert len(files) == 20
    for name, text in files.items():
        result = ingest_story(read_story(text.encode(), name=name), user=None, publish=True)
        assert result.status == "created"
        assert result.article.dateline_place and result.article.agency
    name, text = next(iter(files.items()))
    assert ingest_story(read_story(text.encode(), name=name), user=None).status == "unchanged"
