"""Fixtures shared by the API, schema and ninjs tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Article
from articles.services import article_create, article_publish, article_revise
from media.services import photo_create
from tests import images
from tests.factories import editor


@pytest.fixture
def small_specs(settings):
    settings.MEDIA_RENDITION_WIDTHS = [160, 320]
    settings.MEDIA_RENDITION_FORMATS = ["jpeg", "webp"]
    settings.MEDIA_RENDITION_CROPS = {"social": {"size": [120, 63], "formats": ["jpeg"]}}


@pytest.fixture
def ed():
    return editor("ed")


@pytest.fixture
def publish(ed, small_specs, django_capture_on_commit_callbacks):
    """Publish a story with a lead photo (renditions made) and briefs; returns the Article."""

    def make(
        headline="Harbour reopens after storm", *, photo=True, agency="Northwind Press", **fields
    ):
        with django_capture_on_commit_callbacks(execute=True):
            photos = []
            if photo:
                upload = SimpleUploadedFile("p.jpg", images.encode(images.photo_like(400, 300)))
                lead = photo_create(
                    image=upload,
                    caption="Boats return.",
                    agency="NWP",
                    photographer="ANNA DE VRIES",
                    alt_text="Boats in a harbour.",
                )
                photos = [{"photo": lead, "role": "lead"}]
            article = article_create(
                user=ed,
                headline=headline,
                agency=agency,
                byline="Marta Lindqvist",
                dateline_place="BERGHAVEN",
                dateline_date="March 14",
                body=fields.pop("body", "First paragraph.\n\nSecond <paragraph> & more."),
                briefs=[
                    {"heading": "In Other Developments", "items": ["Rail resumes.", "Fees rise."]}
                ],
                photos=photos,
                **fields,
            )
            article = article_publish(article=article, user=ed)
        return Article.objects.get(pk=article.pk)

    return make


@pytest.fixture
def update(ed):
    """Revise a published story as a public update ("UPDATED"); returns the Article."""

    def make(article, *, note: str, body: str):
        return article_revise(
            article=article,
            user=ed,
            expected_version=article.version,
            kind="update",
            note=note,
            body=body,
        )

    return make


@pytest.fixture
def ingest_token():
    """The API token of a user in the Ingest group."""
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from tests.factories import UserFactory

    user = UserFactory(username="wire-robot", is_staff=False)
    user.groups.add(Group.objects.get(name="Ingest"))
    return Token.objects.create(user=user).key


def post_ingest(client, body, token=None, content_type="text/plain"):
    """POST copy to the ingest API, with the token if one is given."""
    headers = {"authorization": f"Token {token}"} if token else {}
    return client.post("/api/v1/ingest/", data=body, content_type=content_type, headers=headers)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    return Article.objects.get()


@pytest.fixture
def editor_client(client):
    client.force_login(editor("ed"))
    return client
