import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles import demo
from articles.models import Article
from media.models import Photo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_can_run_again(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    output = capsys.readouterr().out
    assert "already loaded" in output and demo.DEMO_PASSWORD in output

    article = Article.objects.get()
    assert article.is_published and article.display_label == "UPDATED"
    assert article.dateline_place == "BERGHAVEN" and article.agency == "Northwind Press"
    assert [box.heading for box in article.brief_boxes.all()] == ["In Other Developments"]
    placement = article.photo_placements.get()
    assert placement.role == "lead"
    assert placement.photo.credit_line == "NWP/ANNA DE VRIES"
    assert (placement.photo.width, placement.photo.height) == (2400, 1600)
    assert Photo.objects.count() == 1

    editor = get_user_model().objects.get(username=demo.DEMO_USERNAME)
    assert editor.is_staff and editor.check_password(demo.DEMO_PASSWORD)


def test_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Article.objects.exists()
