"""Copy that cannot be imported as it is: too long for a field, nested too deeply, HTML that
cannot be read. Each answers 400 with the reason in the API and fails in the command, and
changes nothing."""

import contextlib
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.ingest import ingest_story
from articles.models import Article
from tests.articles.conftest import post_ingest as _post

pytestmark = pytest.mark.django_db


LONG_HEADLINE = (
    "Harbour authority approves the long-awaited ferry link between the islands after talks "
    "that lasted through the winter, with unions, councils, fishing groups and residents "
    "all claiming a part of the credit for a deal that nobody expected to see signed before "
    "the summer season begins on the first of June, weeks ahead of the timetable"
)
LONG_COPY = {
    "headline": f"{LONG_HEADLINE}\n\nBERGHAVEN, May 2 (Northwind Press) – Boats sail.\n",
    "byline": json.dumps(
        {
            "uri": "urn:newsroom-test:long-byline",
            "headlines": [{"role": "main", "value": "Ferry link opens"}],
            "by": "Marta Lindqvist, " * 20 + "and the harbour desk",
        }
    ),
    "agency": json.dumps(
        {
            "uri": "urn:newsroom-test:long-agency",
            "headlines": [{"role": "main", "value": "Ferry link opens"}],
            "infoSources": [{"name": "Northwind " * 12}],
        }
    ),
}
LIMITS = {"headline": 300, "byline": 300, "agency": 100}


@pytest.mark.parametrize("field", LONG_COPY)
def test_copy_too_long_for_a_field_is_refused_with_the_limit_and_never_duplicated(
    tmp_path, capsys, field
):
    from articles.ingest import IngestRefused
    from articles.loading import read_story

    name = "long.json" if LONG_COPY[field].startswith("{") else "long.txt"
    limit = f"at most {LIMITS[field]} characters"
    for _ in range(3):
        with pytest.raises(IngestRefused) as refused:
            ingest_story(read_story(LONG_COPY[field].encode(), name=name))
        assert str(refused.value).startswith(f"{field}: ") and limit in str(refused.value)
    assert not Article.objects.exists()
    (tmp_path / name).write_text(LONG_COPY[field], encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("ingest", str(tmp_path / name))
    assert limit in capsys.readouterr().out


def test_the_api_refuses_copy_too_long_with_the_field_named(client, ingest_token):
    copy = f"{LONG_HEADLINE}\n\nBERGHAVEN, May 2 (Northwind Press) – Boats sail.\n"
    for _ in range(2):
        response = _post(client, copy.encode(), ingest_token)
        assert response.status_code == 400
        assert response.json()["detail"].startswith("headline: ")
    assert not Article.objects.exists()


def _ninjs(body_html: str, **extra) -> bytes:
    document = {
        "uri": "urn:newsroom-test:deep",
        "headlines": [{"role": "main", "value": "Ferry link reopens"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": body_html}],
        **extra,
    }
    return json.dumps(document).encode()


def _nested(depth: int, kind: str) -> str:
    return ("[" * depth + "]" * depth) if kind == "list" else ('{"a":' * depth + "1" + "}" * depth)


UNREADABLE_DOCUMENTS = {
    "lists 5,000 deep": _ninjs("<p>One.</p>", extra=0).replace(
        b'"extra": 0', b'"extra": ' + _nested(5000, "list").encode()
    ),
    "objects 5,000 deep": _ninjs("<p>One.</p>", extra=0).replace(
        b'"extra": 0', b'"extra": ' + _nested(5000, "dict").encode()
    ),
    "lists 65 deep": _ninjs("<p>One.</p>", extra=0).replace(
        b'"extra": 0', b'"extra": ' + _nested(65, "list").encode()
    ),
    "a marked section html.parser gives up on": _ninjs("<p>One.</p><![<p>Two.</p>"),
    "an unknown marked-section keyword": _ninjs("<p>One.</p><![if-->never closed"),
}


@pytest.mark.parametrize("name", UNREADABLE_DOCUMENTS)
def test_unreadable_ninjs_answers_400_with_the_reason(client, ingest_token, name):
    response = _post(client, UNREADABLE_DOCUMENTS[name], ingest_token, "application/json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert not Article.objects.exists()


def test_the_command_reports_unreadable_ninjs_as_failed(tmp_path, capsys):
    for number, data in enumerate(UNREADABLE_DOCUMENTS.values()):
        (tmp_path / f"item-{number}.json").write_bytes(data)
    (tmp_path / "good.json").write_bytes(_ninjs("<p>One.</p><p>Two.</p>"))
    total = len(UNREADABLE_DOCUMENTS)
    with pytest.raises(CommandError, match=f"{total} of {total + 1} files failed"):
        call_command("ingest", str(tmp_path))
    assert Article.objects.count() == 1


def test_a_shallow_document_within_the_limit_is_read():
    from articles.loading import MAX_JSON_DEPTH, read_story

    data = _ninjs("<p>One.</p>", extra=0).replace(
        b'"extra": 0', b'"extra": ' + _nested(MAX_JSON_DEPTH - 1, "list").encode()
    )
    assert read_story(data, content_type="application/json").body == ["One."]


@given(st.text(alphabet="<>![]/-?&#;'\"=pa x\n", max_size=60))
@hypothesis_settings(max_examples=300, deadline=None)
def test_any_html_body_is_read_or_refused_with_a_ninjs_error(markup):
    from articles.loading import IngestInputError, read_story

    with contextlib.suppress(IngestInputError):
        read_story(_ninjs(f"<p>One.</p>{markup}"), content_type="application/json")


@pytest.mark.parametrize(
    "body",
    [
        "<!--[if mso]><p>Hidden from readers.</p><![endif]--><div>Ferries sail again.</div>",
        "<div><div><div>Ferries sail again.</div></div></div><script>alert(1)</script>",
        "<svg><![CDATA[x]]></svg><section>Ferries sail again.</section>",
    ],
)
def test_markup_without_paragraphs_gives_its_text_never_its_tags(client, ingest_token, body):
    response = _post(client, _ninjs(body), ingest_token, "application/json")
    assert response.status_code == 201, response.content
    story = Article.objects.get()
    assert story.body == "Ferries sail again." and "<" not in story.body


@pytest.mark.parametrize("field", ["headline", "body", "by", "located", "uri"])
def test_a_lone_surrogate_escape_anywhere_is_removed_not_a_500(client, ingest_token, field):
    document = json.loads(_ninjs("<p>Ferries sail again.</p>"))
    marked = "Berg\\udc00haven"
    if field == "headline":
        raw = json.dumps(document).replace("Ferry link reopens", marked)
    elif field == "body":
        raw = json.dumps(document).replace("Ferries sail again.", marked)
    elif field == "uri":
        raw = json.dumps(document).replace("urn:newsroom-test:deep", f"urn:{marked}")
    else:
        raw = json.dumps(document)[:-1] + f', "{field}": "{marked}"}}'
    response = _post(client, raw.encode(), ingest_token, "application/json")
    assert response.status_code == 201, response.content
    assert "\udc00" not in json.dumps(
        _post(client, raw.encode(), ingest_token, "application/json").json()
    )


def test_copy_without_an_agency_is_recognised_when_sent_again(client, ingest_token):
    from articles.services import article_unpublish
    from tests.factories import editor

    copy = "Lighthouse reopens to visitors\n\nThe lighthouse on the point reopened on Sunday.\n"
    assert _post(client, copy.encode(), ingest_token).status_code == 201
    assert _post(client, copy.encode(), ingest_token).status_code == 200  # unchanged
    story = Article.objects.get()
    call_command("ingest", "--publish", *_write(copy))
    story.refresh_from_db()
    assert story.status == "published" and Article.objects.count() == 1
    article_unpublish(article=story, user=editor("ed"), reason="Legal")
    call_command("ingest", "--publish", *_write(copy))
    assert Article.objects.count() == 1 and Article.objects.get().status == "unpublished"


def _write(copy: str) -> list[str]:
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "copy.txt"
    path.write_text(copy, encoding="utf-8")
    return [str(path)]
