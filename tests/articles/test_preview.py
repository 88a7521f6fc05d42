import re

import pytest

from articles.services import article_create
from articles.views import preview_url
from tests.factories import PhotoFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return article_create(
        user=editor("ed"),
        headline="Embargoed: port fees to rise",
        body="Fees rise in May.\n\nShipping lines object.",
        briefs=[{"heading": "Also", "items": ["Rail strike ends."]}],
        photos=[{"photo": PhotoFactory(), "role": "lead"}],
    )


def test_editor_gets_a_signed_link_from_the_admin(client, draft):
    client.force_login(editor("ed"))
    response = client.post(f"/admin/articles/article/{draft.pk}/preview-link/", follow=True)
    link = re.search(r'href="(http://testserver/preview/[^"]+)"', response.text).group(1)
    client.logout()
    preview = client.get(link)
    assert preview.status_code == 200
    assert preview.json()["article"]["headline"] == "Embargoed: port fees to rise"


def test_preview_renders_the_unpublished_story_like_the_api(client, rf, draft):
    url = preview_url(draft, rf.get("/"))
    response = client.get(url)
    data = response.json()
    assert data["preview"] is True and data["status"] == "draft"
    story = data["article"]
    assert story["body"] == ["Fees rise in May.", "Shipping lines object."]
    assert story["body_html"] == "<p>Fees rise in May.</p><p>Shipping lines object.</p>"
    assert story["briefs"] == [{"heading": "Also", "items": ["Rail strike ends."]}]
    assert story["photos"][0]["credit"] == "NWP/ANNA DE VRIES"
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_tampered_bad_and_expired_links_answer_404(client, rf, draft, settings):
    url = preview_url(draft, rf.get("/"))
    token = url.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(f"/preview/{tampered}/").status_code == 404
    assert client.get("/preview/not-a-token/").status_code == 404
    settings.PREVIEW_LINK_MAX_AGE_SECONDS = -1
    assert client.get(url).status_code == 404


def test_preview_of_a_deleted_story_answers_404(client, rf, draft):
    url = preview_url(draft, rf.get("/"))
    draft.delete()
    assert client.get(url).status_code == 404
