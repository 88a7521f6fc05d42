"""A photo shown by a published or scheduled story is part of it: changing it needs the right to
revise the story, and is recorded in the story's history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, ArticleRevision
from articles.services import article_create, article_publish, article_schedule
from media.models import Photo
from media.services import photo_create, photo_update
from tests import images
from tests.factories import editor, reporter

pytestmark = pytest.mark.django_db


def _story_with_photo(state: str, *, caption="Boats return at dawn.") -> tuple[Article, Photo]:
    ed = editor("ed")
    photo = photo_create(caption=caption, agency="NWP", photographer="ANNA DE VRIES")
    article = article_create(
        user=ed,
        headline=f"Harbour story ({state})",
        body="Boats are back.",
        photos=[{"photo": photo, "role": "lead"}],
    )
    waiver = "The image file follows from the agency."  # the photo has no file nor alt text
    if state == "published":
        article = article_publish(article=article, user=ed, override_reason=waiver)
    elif state == "scheduled":
        in_an_hour = timezone.now() + timedelta(hours=1)
        article = article_schedule(
            article=article, user=ed, publish_at=in_an_hour, override_reason=waiver
        )
    return article, photo


@pytest.mark.parametrize("state", ["published", "scheduled"])
def test_a_reporter_cannot_change_a_photo_a_public_story_shows(state):
    _article, photo = _story_with_photo(state)
    with pytest.raises(PermissionDenied, match="right to revise"):
        photo_update(photo=photo, user=reporter("rita"), caption="Rewritten by a reporter.")
    image = SimpleUploadedFile("new.jpg", images.jpeg_bytes(120, 80))
    with pytest.raises(PermissionDenied):
        photo_update(photo=photo, user=reporter("rita"), image=image)
    assert Photo.objects.get(pk=photo.pk).caption == "Boats return at dawn."
    assert not Photo.objects.get(pk=photo.pk).image


def test_a_reporter_may_change_a_photo_only_drafts_show():
    article, photo = _story_with_photo("draft")
    photo = photo_update(photo=photo, user=reporter("rita"), caption="Boats at first light.")
    assert photo.caption == "Boats at first light."
    assert not article.revisions.filter(kind=ArticleRevision.Kind.PHOTO).exists()


def test_an_editors_change_is_recorded_in_each_public_story(django_capture_on_commit_callbacks):
    published, photo = _story_with_photo("published")
    ed = editor("ed")
    second = article_publish(
        article=article_create(
            user=ed,
            headline="Second story",
            body="Text.",
            photos=[{"photo": photo, "role": "lead"}],
        ),
        user=ed,
        override_reason="The image file follows from the agency.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        photo_update(photo=photo, user=ed, caption="Boats at first light.", credit_line_override="")
    for story in (published, second):
        revision = Article.objects.get(pk=story.pk).revisions.order_by("-number").first()
        assert revision.kind == ArticleRevision.Kind.PHOTO and revision.author == ed
        assert "caption" in revision.note
        assert revision.snapshot["photos"][0]["caption"] == "Boats at first light."
        assert revision.number == Article.objects.get(pk=story.pk).version


def test_the_photo_admin_offers_a_reporter_only_a_read_only_view(client):
    _article, photo = _story_with_photo("published")
    client.force_login(reporter("rita"))
    page = client.get(f"/admin/media/photo/{photo.pk}/change/")
    assert page.status_code == 200
    assert 'name="caption"' not in page.text and "right to revise" in page.text
    response = client.post(
        f"/admin/media/photo/{photo.pk}/change/",
        {"caption": "Rewritten.", "renditions-TOTAL_FORMS": "0", "renditions-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 403
    assert client.post(f"/admin/media/photo/{photo.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Photo.objects.get(pk=photo.pk).caption == "Boats return at dawn."
    editor_client = client.__class__()
    editor_client.force_login(editor("ed"))
    assert 'name="caption"' in editor_client.get(f"/admin/media/photo/{photo.pk}/change/").text
