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
    assert "<h1>Embargoed: port fees to rise</h1>" in preview.text
    assert client.get(link, {"format": "json"}).json()["article"]["headline"] == (
        "Embargoed: port fees to rise"
    )


def test_preview_renders_the_unpublished_story_like_the_api(client, rf, draft):
    url = preview_url(draft, rf.get("/"))
    response = client.get(url, {"format": "json"})
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


def test_the_preview_shows_the_story_as_a_reader_would_see_it(client, rf):
    from articles.models import Article
    from articles.services import article_publish, article_revise

    ed = editor("ed")
    photo = PhotoFactory(caption="Cranes idle <at> the quay.", alt_text="Idle cranes.")
    story = article_create(
        user=ed,
        headline="Port fees to rise",
        standfirst="Shipping lines say costs will pass to shoppers.",
        dateline_place="ROTTERDAM",
        dateline_date="March 3",
        body="Fees rise in May <script>alert(1)</script>.\n\nShipping lines object.",
        briefs=[{"heading": "Also", "items": ["Rail strike ends."]}],
        photos=[{"photo": photo, "role": "lead"}],
    )
    story = article_publish(article=story, user=ed)
    article_revise(
        article=story,
        user=ed,
        expected_version=story.version,
        kind="update",
        note="Adds the shipping lines' reply.",
        body=story.body + "\n\nThey replied on Tuesday.",
    )
    page = client.get(preview_url(Article.objects.get(pk=story.pk), rf.get("/"))).text
    assert 'class="preview-banner"' in page and "not published" not in page.split("<main>")[1]
    assert '<span class="label">UPDATED</span> Port fees to rise</h1>' in page
    assert '<span class="dateline">ROTTERDAM, March 3</span>' in page
    assert "Shipping lines say costs will pass to shoppers." in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page  # escaped, never run
    assert "Cranes idle &lt;at&gt; the quay." in page and "NWP/ANNA DE VRIES" in page
    assert 'aria-label="Idle cranes."' in page  # no rendition yet: a placeholder with its alt
    assert "Rail strike ends." in page
    assert "Adds the shipping lines&#x27; reply." in page


def test_a_preview_photo_has_its_rendition_srcset_and_alt(client, rf, publish):
    from articles.models import Article

    story = publish("Harbour reopens after storm")
    page = client.get(preview_url(Article.objects.get(pk=story.pk), rf.get("/"))).text
    assert '<img src="http://testserver/media/renditions/' in page
    assert 'srcset="' in page and 'alt="Boats in a harbour."' in page
    assert "Boats return." in page and "NWP/ANNA DE VRIES" in page


@pytest.mark.parametrize(
    ("language", "direction"), [("ar", "rtl"), ("he", "rtl"), ("de-AT", "ltr")]
)
def test_the_preview_writes_the_story_in_its_own_direction(client, rf, language, direction):
    article = article_create(user=editor("ed"), headline="عنوان", body="نص.", language=language)
    page = client.get(preview_url(article, rf.get("/"))).content.decode()
    assert f'<article lang="{language}" dir="{direction}">' in page
    assert '<html lang="en-gb">' in page  # the banner speaks the editor's language
