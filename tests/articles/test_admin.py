import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_client(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def test_admin_lists_and_opens_the_demo_story(demo_client):
    article = Article.objects.get()
    listing = demo_client.get("/admin/articles/article/")
    assert listing.status_code == 200
    assert article.headline in listing.text
    page = demo_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert page.status_code == 200
    assert "In Other Developments" in page.text
    photo_page = demo_client.get(
        f"/admin/media/photo/{article.photo_placements.get().photo_id}/change/"
    )
    assert photo_page.status_code == 200 and "ANNA DE VRIES" in photo_page.text


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/articles/briefbox/",
        "/admin/articles/briefitem/",
        "/admin/articles/articlephoto/",
        "/admin/articles/articleupdate/",
        "/admin/articles/section/",
        "/admin/articles/tag/",
        "/admin/media/photo/",
        "/admin/media/rendition/",
        "/admin/articles/article/add/",
    ],
)
def test_every_admin_page_renders(demo_client, path):
    assert demo_client.get(path).status_code == 200


def test_admin_creates_a_story_through_the_services(demo_client):
    response = demo_client.post(
        "/admin/articles/article/add/",
        {
            "headline": "Lighthouse keeper retires after forty years",
            "slug": "",
            "language": "en",
            "body": "One.\n\nTwo.",
            "brief_boxes-TOTAL_FORMS": "0",
            "brief_boxes-INITIAL_FORMS": "0",
            "photo_placements-TOTAL_FORMS": "0",
            "photo_placements-INITIAL_FORMS": "0",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get(headline__startswith="Lighthouse")
    assert article.slug == "lighthouse-keeper-retires-after-forty-years"
    assert article.created_by.username == "editor" and article.status == "draft"
