"""Model invariants: slugs, the derived UPDATED state, constraints."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, ArticlePhoto
from articles.services import article_create, article_publish, article_revise
from tests.factories import PhotoFactory, editor

pytestmark = pytest.mark.django_db


def _create(headline, **fields):
    return article_create(user=None, headline=headline, **{"body": "Text.", **fields})


def test_slug_is_made_from_the_headline():
    article = _create("Ukraine’s rightful place is in NATO, says chief")
    assert article.slug == "ukraines-rightful-place-is-in-nato-says-chief"


def test_slugs_stay_unique_for_identical_headlines():
    slugs = [
        _create(h).slug for h in ("Storm closes the harbour",) * 2 + ("Storm closes the harbour!",)
    ]
    assert slugs == [
        "storm-closes-the-harbour",
        "storm-closes-the-harbour-2",
        "storm-closes-the-harbour-3",
    ]


def test_slug_is_unique_in_the_database():
    _create("Ferry strike ends")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="Another", slug="ferry-strike-ends")


def test_headline_without_letters_still_gets_a_slug():
    assert _create("!!! ???").slug == "story"


def test_slug_follows_the_headline_until_the_story_is_published():
    article = _create("Draft headline")
    article = article_revise(
        article=article, user=None, expected_version=1, headline="Better headline"
    )
    assert article.slug == "better-headline"
    article = article_publish(article=article, user=None)
    article = article_revise(
        article=article,
        user=None,
        expected_version=article.version,
        kind="minor",
        headline="Even better headline",
    )
    assert article.headline == "Even better headline"
    assert article.slug == "better-headline"


def test_a_published_slug_cannot_be_changed_by_hand():
    from django.core.exceptions import ValidationError

    article = article_publish(article=_create("Bridge reopens"), user=None)
    with pytest.raises(ValidationError, match="cannot change"):
        article_revise(
            article=article,
            user=None,
            expected_version=article.version,
            kind="minor",
            slug="new-slug",
        )
    assert Article.objects.get(pk=article.pk).slug == "bridge-reopens"


def test_updated_state_is_derived_from_update_entries():
    article = article_publish(article=_create("Talks resume", body="One."), user=None)
    assert article.is_updated is False and article.display_label == ""
    article = article_revise(
        article=article,
        user=None,
        expected_version=article.version,
        kind="correction",
        note="Corrects the minister's name.",
        body="One, corrected.",
    )
    assert Article.objects.get(pk=article.pk).is_updated is False
    article = article_revise(
        article=article,
        user=editor(),
        expected_version=article.version,
        kind="update",
        note="Adds the minister's reply.",
        body="One, corrected. And a reply.",
    )
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.is_updated is True and fresh.display_label == "UPDATED"
    assert fresh.last_public_update_at == fresh.updates.last().created_at
    # Deleting the entry removes the label: nothing else remembers it.
    fresh.updates.filter(kind="update").delete()
    assert Article.objects.get(pk=article.pk).is_updated is False


def test_published_story_needs_its_times():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="X", slug="x", status=Article.Status.PUBLISHED)


def test_briefs_keep_their_order():
    article = _create(
        "Briefs",
        briefs=[
            {"heading": "In Other Developments", "items": ["One", "Two", "Three"]},
            {"heading": "Markets", "items": ["Shares rise"]},
        ],
    )
    boxes = list(article.brief_boxes.prefetch_related("items"))
    assert [box.heading for box in boxes] == ["In Other Developments", "Markets"]
    assert [item.text for item in boxes[0].items.all()] == ["One", "Two", "Three"]


def test_the_database_allows_one_lead_photo_per_story():
    article = _create("Two leads")
    ArticlePhoto.objects.create(article=article, photo=PhotoFactory(), role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticlePhoto.objects.create(article=article, photo=PhotoFactory(), role="lead")


def test_placement_caption_overrides_the_photo_caption():
    photo = PhotoFactory(caption="The photo's own caption.")
    placement = ArticlePhoto(photo=photo)
    assert placement.caption == "The photo's own caption."
    placement.caption_override = "For this story."
    assert placement.caption == "For this story."


def test_paragraphs_split_on_blank_lines():
    article = Article(body="One.\r\n\r\nTwo\nstill two.\n\n\n\nThree.")
    assert article.paragraphs == ["One.", "Two\nstill two.", "Three."]
