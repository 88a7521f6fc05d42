"""ninjs exports validate against the official schemas beside the project."""

import pytest

from articles.services import article_revise
from tests.support import needs_shared
from tests.support import ninjs_errors as _errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(publish, ed):
    from articles.models import Section, Tag

    article = publish(
        section=Section.objects.create(name="World", slug="world"),
        tags=[Tag.objects.create(name="Ports", slug="ports")],
    )
    return article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="correction",
        note="Corrects the date.",
        body="First paragraph, corrected.\n\nSecond one.",
    )


@needs_shared
@pytest.mark.parametrize(
    ("query", "version"), [("", "3.1"), ("?version=3", "3.1"), ("?version=2", "2.2")]
)
def test_exports_validate_against_the_official_schema(client, story, query, version):
    response = client.get(f"/api/v1/articles/{story.slug}/ninjs{query}")
    assert response.status_code == 200
    document = response.json()
    assert _errors(version, document) == []
    assert document["standard"]["version"] == version
    assert document["uri"].endswith(f"/id/story/{story.pk}")
    assert document["headlines"][0]["value"] == "Harbour reopens after storm"
    # Published, its renditions made, corrected, its reading time estimated again: 4 versions.
    assert document["version"] == "4" and document["located"] == "BERGHAVEN"
    (picture,) = document["associations"]
    assert (
        picture["name"] == "lead"
        and picture["type"] == "picture"
        and picture["by"] == "ANNA DE VRIES"
    )
    credit = [d["value"] for d in picture["descriptions"] if d["role"] == "creditline"]
    assert credit == ["NWP/ANNA DE VRIES"]
    assert len(picture["renditions"]) == 5
    assert picture.get("copyrightHolder", picture.get("copyrightholder")) == "NWP"
    html = next(
        b for b in document["bodies"] if b.get("contentType", b.get("contenttype")) == "text/html"
    )
    assert '<aside class="brief-box"><h2>In Other Developments</h2>' in html["value"]
    assert "Correction: Corrects the date." in html["value"]
    if version == "2.2":
        assert "versioncreated" in document and "rel" not in picture
    else:
        assert "versionCreated" in document and picture["rel"] == "lead"


@needs_shared
def test_story_without_photos_or_renditions_validates(client, publish):
    article = publish(photo=False, agency="")
    for query, version in (("", "3.1"), ("?version=2", "2.2")):
        document = client.get(f"/api/v1/articles/{article.slug}/ninjs{query}").json()
        assert _errors(version, document) == [] and document["type"] == "text"


@pytest.mark.parametrize(
    "query",
    ["?version=1", "?version=3.1", "?version=", "?format=xml", "?version=2&version=3"],
)
def test_unsupported_versions_answer_400(client, publish, query):
    article = publish(photo=False)
    response = client.get(f"/api/v1/articles/{article.slug}/ninjs{query}")
    assert response.status_code == 400 and response.json()["parameter"] in ("version", "format")


def test_ninjs_answers_304_when_unchanged(client, publish):
    article = publish(photo=False)
    first = client.get(f"/api/v1/articles/{article.slug}/ninjs")
    again = client.get(
        f"/api/v1/articles/{article.slug}/ninjs", headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 304
    other = client.get(
        f"/api/v1/articles/{article.slug}/ninjs?version=2", headers={"if-none-match": first["ETag"]}
    )
    assert other.status_code == 200
