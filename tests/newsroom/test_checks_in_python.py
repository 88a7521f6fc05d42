"""Check constraints validated in Python agree with the database's own verdict."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint

from articles.models import Article, ArticleUpdate
from media.models import Photo, Rendition
from newsroom.db import _UNSUPPORTED, _evaluate

pytestmark = pytest.mark.django_db

# Values around every boundary the constraints use, NULL included.
CANDIDATES = {
    "status": ["published", "scheduled", "draft"],
    "first_published_at": [None, "2026-04-20T09:00:00+00:00"],
    "last_public_update_at": [None, "2026-04-20T10:00:00+00:00"],
    "scheduled_publish_at": [None, "2026-04-21T09:00:00+00:00"],
    "reading_time_minutes": [None, 0, 1, 7],
    "version": [0, 1, 2],
    "headline": ["", "A headline"],
    "slug": ["", "a-slug"],
    "note": ["", "Adds figures."],
    "focal_point_x": [-0.1, 0.0, 0.5, 1.0, 1.2],
    "focal_point_y": [0.5, 1.01],
    "rendition_status": ["failed", "ready"],
    "rendition_error": ["", "Corrupt."],
    "width": [0, 1, 640],
    "height": [0, 480],
}


def _database_says_ok(constraint, model, instance) -> bool:
    try:
        constraint.validate(model, instance)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("model", [Article, ArticleUpdate, Photo, Rendition])
def test_python_and_the_database_agree_on_every_check(model):
    checks = [c for c in model._meta.constraints if isinstance(c, CheckConstraint)]
    assert checks
    compared = 0
    for constraint in checks:
        names = sorted({key.split("__")[0] for key in _condition_keys(constraint.condition)})
        for values in itertools.product(*(CANDIDATES[name] for name in names)):
            instance = model(**dict(zip(names, values, strict=True)))
            verdict = _evaluate(constraint.condition, instance, set())
            assert verdict is not _UNSUPPORTED, constraint.name
            assert (verdict is not False) == _database_says_ok(constraint, model, instance), (
                constraint.name,
                dict(zip(names, values, strict=True)),
            )
            compared += 1
    assert compared > len(checks)


def _condition_keys(node):
    for child in node.children:
        if isinstance(child, tuple):
            yield child[0]
        else:
            yield from _condition_keys(child)


def test_a_violation_is_reported_without_a_query(django_assert_num_queries):
    photo = Photo(focal_point_x=2.0, focal_point_y=0.5, rendition_status="ready")
    with django_assert_num_queries(0), pytest.raises(ValidationError) as raised:
        photo.validate_constraints()
    assert "photo_focal_point_in_unit_square" in str(raised.value)


def test_a_condition_on_an_excluded_field_is_not_checked_as_django_does():
    article = Article(headline="A headline", slug="", status="draft", version=1)
    article.validate_constraints(exclude={"slug"})  # a form leaves the slug to the services
    with pytest.raises(ValidationError, match="article_slug_not_empty"):
        article.validate_constraints()


def test_null_comparisons_and_xor_follow_django():
    from django.db.models import Q

    story = Article(headline="A", scheduled_publish_at=None)
    assert _evaluate(Q(scheduled_publish_at=None), story, set()) is True  # IS NULL
    assert _evaluate(Q(headline="A") ^ Q(slug="b"), story, set()) is _UNSUPPORTED
