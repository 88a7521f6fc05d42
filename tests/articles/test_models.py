import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, ArticlePhoto
from articles.services import (
    ArticleConflict,
    article_create,
    article_place_photo,
    article_publish,
    article_record_public_update,
    article_update,
)
from tests.factories import PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_headline():
    article = article_create(headline="Ukraine’s rightful place is in NATO, says chief")
    assert article.slug == "ukraines-rightful-place-is-in-nato-says-chief"


def test_slugs_stay_unique_for_identical_headlines():
    first = article_create(headline="Storm closes the harbour")
    second = article_create(headline="Storm closes the harbour")
    third = article_create(headline="Storm closes the harbour!")
    assert [first.slug, second.slug, third.slug] == [
        "storm-closes-the-harbour",
        "storm-closes-the-harbour-2",
        "storm-closes-the-harbour-3",
    ]


def test_slug_is_unique_in_the_database():
    article_create(headline="Ferry strike ends")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="Another", slug="ferry-strike-ends")


def test_headline_without_letters_still_gets_a_slug():
    assert article_create(headline="!!! ???").slug == "story"


def test_slug_follows_the_headline_until_the_story_is_published():
    article = article_create(headline="Draft headline")
    article = article_update(article=article, expected_version=1, headline="Better headline")
    assert article.slug == "better-headline"
    article = article_publish(article=article)
    article = article_update(
        article=article, expected_version=article.version, headline="Even better headline"
    )
    assert article.headline == "Even better headline"
    assert article.slug == "better-headline"


def test_a_published_slug_cannot_be_changed_by_hand():
    article = article_publish(article=article_create(headline="Bridge reopens"))
    with pytest.raises(ValidationError, match="cannot change"):
        article_update(article=article, expected_version=article.version, slug="new-slug")
    assert Article.objects.get(pk=article.pk).slug == "bridge-reopens"


def test_publishing_sets_first_published_once():
    article = article_publish(article=article_create(headline="Port reopens"))
    first = article.first_published_at
    assert first is not None and article.last_public_update_at == first
    Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)
    article = article_publish(article=Article.objects.get(pk=article.pk))
    assert article.first_published_at == first


def test_updated_state_is_derived_from_update_entries():
    editor = UserFactory()
    article = article_publish(article=article_create(headline="Talks resume"))
    assert article.is_updated is False and article.display_label == ""
    article_record_public_update(article=article, kind="correction", note="Fixes a name.")
    assert Article.objects.get(pk=article.pk).is_updated is False
    entry = article_record_public_update(
        article=article, kind="update", note="Adds the minister's reply.", user=editor
    )
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.is_updated is True and fresh.display_label == "UPDATED"
    assert fresh.last_public_update_at == entry.created_at


def test_unpublished_story_cannot_carry_public_updates():
    article = article_create(headline="Not yet out")
    with pytest.raises(ValidationError):
        article_record_public_update(article=article, kind="update", note="Something")
    assert article.updates.count() == 0


def test_public_update_needs_a_note():
    article = article_publish(article=article_create(headline="Vote counted"))
    with pytest.raises(ValidationError):
        article_record_public_update(article=article, kind="update", note="   ")
    assert article.updates.count() == 0


def test_stale_version_is_refused_and_names_who_changed_it():
    first, second = UserFactory(username="ana"), UserFactory(username="ben")
    article = article_create(headline="Budget passes", body="Original.")
    article_update(article=article, expected_version=1, user=first, body="Ana's text.")
    with pytest.raises(ArticleConflict, match="changed by ana") as conflict:
        article_update(article=article, expected_version=1, user=second, body="Ben's text.")
    assert conflict.value.article.body == "Ana's text."
    assert Article.objects.get(pk=article.pk).version == 2


def test_published_story_needs_its_times():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="X", slug="x", status=Article.Status.PUBLISHED)


def test_briefs_keep_their_order():
    article = article_create(
        headline="Briefs",
        briefs=[
            {"heading": "In Other Developments", "items": ["One", "Two", "Three"]},
            {"heading": "Markets", "items": ["Shares rise"]},
        ],
    )
    boxes = list(article.brief_boxes.prefetch_related("items"))
    assert [box.heading for box in boxes] == ["In Other Developments", "Markets"]
    assert [item.text for item in boxes[0].items.all()] == ["One", "Two", "Three"]


def test_a_story_has_at_most_one_lead_photo():
    article = article_create(headline="Two leads")
    article_place_photo(article=article, photo=PhotoFactory(), role=ArticlePhoto.Role.LEAD)
    with pytest.raises(ValidationError):
        article_place_photo(article=article, photo=PhotoFactory(), role=ArticlePhoto.Role.LEAD)


def test_placement_caption_overrides_the_photo_caption():
    article = article_create(headline="Captions")
    photo = PhotoFactory(caption="The photo's own caption.")
    placement = article_place_photo(article=article, photo=photo)
    assert placement.caption == "The photo's own caption."
    placement.caption_override = "For this story."
    assert placement.caption == "For this story."


def test_paragraphs_split_on_blank_lines():
    article = Article(body="One.\r\n\r\nTwo\nstill two.\n\n\n\nThree.")
    assert article.paragraphs == ["One.", "Two\nstill two.", "Three."]


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError, match="status"):
        article_create(headline="Sneaky", status="published")
    assert not Article.objects.exists()
