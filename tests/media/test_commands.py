from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.services import article_create
from media.services import photo_create
from tests import images
from tests.factories import editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_specs(settings):
    settings.MEDIA_RENDITION_WIDTHS = [160]
    settings.MEDIA_RENDITION_FORMATS = ["jpeg"]
    settings.MEDIA_RENDITION_CROPS = {}


def test_regenerate_renditions_after_a_spec_change(settings, capsys):
    with mock.patch("media.services.enqueue_on_commit"):
        photo = photo_create(
            image=SimpleUploadedFile("a.jpg", images.encode(images.photo_like(400, 300)))
        )
    call_command("regenerate_renditions")
    assert photo.renditions.count() == 1
    settings.MEDIA_RENDITION_WIDTHS = [160, 320]
    call_command("regenerate_renditions", str(photo.pk))
    assert sorted(photo.renditions.values_list("width", flat=True)) == [160, 320]
    call_command("regenerate_renditions", "--force")
    assert photo.renditions.count() == 2
    assert "1 photos: 2 renditions made, 0 photos failed." in capsys.readouterr().out


def test_regenerate_renditions_refuses_unknown_ids():
    with pytest.raises(CommandError, match="id 404"):
        call_command("regenerate_renditions", "404")


def test_recompute_reading_times(capsys):
    with mock.patch("articles.services.reading_times.enqueue_on_commit"):
        article = article_create(user=editor("ed"), headline="Needs an estimate")
    call_command("recompute_reading_times")
    assert Article.objects.get(pk=article.pk).reading_time_minutes == 1
    call_command("recompute_reading_times")
    assert "1 stories: 0 updated, 1 unchanged." in capsys.readouterr().out
