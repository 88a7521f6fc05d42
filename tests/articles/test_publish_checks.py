"""The checks before publishing: enforced by the services for every caller, shown on the form
and the step pages, the photo checks overridable with a reason kept in the history."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.ingest import ingest_story
from articles.models import Article, StoryEvent
from articles.services import (
    article_create,
    article_publish,
    article_schedule,
    publish_problems,
)
from articles.wire import parse
from media.services import photo_create
from tests import images
from tests.factories import editor

pytestmark = pytest.mark.django_db


def _photo(**fields):
    values = {
        "caption": "Divers check the hull of the stranded freighter.",
        "alt_text": "Two divers in dry suits beside a rusty ship's hull.",
        "agency": "NWP",
        "photographer": "OLE BRANDT",
        "image": ContentFile(images.jpeg_bytes(), name="hull.jpg"),
    }
    values.update(fields)
    if values["image"] is None:
        del values["image"]
    return photo_create(**values)


def _story(body="The freighter ran aground at dawn.", **fields):
    return article_create(user=editor("ed"), headline="Freighter aground", body=body, **fields)


@pytest.mark.parametrize(
    "body", ["", "   \n\n  ", "…", "\u00a0\u200b", "* * *", "<p></p>", "—\n\n—"]
)
def test_a_story_with_nothing_to_read_is_never_published(body):
    article = _story(body=body)
    for attempt in (
        lambda: article_publish(article=article, user=editor("ed"), override_reason="Urgent."),
        lambda: article_schedule(
            article=article,
            user=editor("ed"),
            publish_at=timezone.now() + timedelta(hours=1),
            override_reason="Urgent.",
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.message_dict["override_reason"] == [
            "The story has no text: write its body (or add briefs) before publishing."
        ]
    stored = Article.objects.get()
    assert (stored.status, stored.version) == ("draft", 1)
    assert not StoryEvent.objects.exists() and stored.revisions.count() == 1


def test_briefs_alone_are_something_to_read():
    article = _story(body="", briefs=[{"heading": "What we know", "items": ["Nobody was hurt."]}])
    assert article_publish(article=article, user=editor("ed")).status == "published"


@pytest.mark.parametrize(
    ("fields", "codes"),
    [
        ({"image": None}, ["photo_no_file"]),
        ({"alt_text": ""}, ["photo_no_alt"]),
        ({"alt_text": "   "}, ["photo_no_alt"]),
        ({"alt_text": "DSC_0042.JPG"}, ["photo_no_alt"]),
        ({"alt_text": "—"}, ["photo_no_alt"]),
        ({"agency": "", "photographer": ""}, ["photo_no_credit"]),
        ({"image": None, "alt_text": "", "agency": "", "photographer": ""}, None),
    ],
)
def test_each_photo_problem_is_named_and_says_what_to_fix(fields, codes):
    codes = codes or ["photo_no_file", "photo_no_alt", "photo_no_credit"]
    article = _story(photos=[{"photo": _photo(**fields), "role": "lead"}])
    assert [p.code for p in publish_problems(article)] == codes
    with pytest.raises(ValidationError) as refused:
        article_publish(article=article, user=editor("ed"))
    messages = refused.value.message_dict["override_reason"]
    assert all(m.startswith("The lead photo has no ") for m in messages[:-1])
    assert messages[-1].startswith("To publish anyway, give the reason")
    assert Article.objects.get().status == "draft" and not StoryEvent.objects.exists()


def test_inline_photos_are_named_by_their_order_and_caption():
    lead, inline = _photo(), _photo(alt_text="", caption="A tug pulls at the stern at noon.")
    article = _story(photos=[{"photo": inline, "role": "inline"}, {"photo": lead, "role": "lead"}])
    (problem,) = publish_problems(article)
    assert problem.message.startswith("Photo 2 (“A tug pulls at the stern at noon.”) has no alt")
    assert problem.photo_id == inline.pk and problem.overridable


def test_an_editor_overrides_the_photo_checks_with_a_reason_kept_in_the_history():
    ed = editor("ed")
    article = _story(photos=[{"photo": _photo(image=None), "role": "lead"}])
    published = article_publish(article=article, user=ed, override_reason="  Picture desk: 5 min. ")
    assert published.status == "published"
    note = published.revisions.get(kind="published").note
    assert note == (
        "Checks overridden (The lead photo has no image file: upload one to the photo, or take "
        "it out of the story.). Reason: Picture desk: 5 min."
    )
    later = _story(photos=[{"photo": _photo(alt_text=""), "role": "lead"}])
    in_an_hour = timezone.now() + timedelta(hours=1)
    scheduled = article_schedule(
        article=later, user=ed, publish_at=in_an_hour, override_reason="Alt text follows."
    )
    note = scheduled.revisions.get(kind="scheduled").note
    assert note.startswith("For ") and "has no alt text" in note and "Alt text follows." in note


def test_a_complete_story_needs_no_reason_and_records_none():
    article = _story(photos=[{"photo": _photo(), "role": "lead"}])
    assert publish_problems(article) == []
    published = article_publish(article=article, user=editor("ed"))
    assert published.revisions.get(kind="published").note == ""


def test_an_import_asked_to_publish_holds_copy_with_nothing_to_read():
    result = ingest_story(
        parse("FLASH: Freighter aground off Berghaven\n\nBERGHAVEN (Northwind Press) –\n"),
        publish=True,
        override_reason="Agency copy.",
    )
    assert result.article.status == "draft" and not result.published
    assert result.held == (
        "Not published: The story has no text: write its body (or add briefs) before publishing."
    )


def _change_form(client, article) -> str:
    return client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()


def test_the_form_and_the_publish_step_show_the_checks(editor_client):
    article = _story(photos=[{"photo": _photo(alt_text=""), "role": "lead"}])
    assert "The lead photo has no alt text" in _change_form(editor_client, article)
    step = f"/admin/articles/article/{article.pk}/workflow/publish/"
    page = editor_client.get(step).content.decode()
    assert "The lead photo has no alt text" in page and 'name="override_reason"' in page
    refused = editor_client.post(step, {"expected_version": "1", "override_reason": " "})
    assert "To publish anyway, give the reason" in refused.content.decode()
    assert Article.objects.get().status == "draft"
    done = editor_client.post(step, {"expected_version": "1", "override_reason": "Alt to come."})
    assert done.status_code == 302 and Article.objects.get().status == "published"
    assert "Reason: Alt to come." in Article.objects.get().revisions.get(kind="published").note
    assert "The lead photo has no alt text" not in _change_form(editor_client, article)


def test_a_story_with_nothing_to_read_is_offered_no_override(editor_client):
    article = _story(body=" ")
    step = f"/admin/articles/article/{article.pk}/workflow/publish/"
    page = editor_client.get(step).content.decode()
    assert "The story has no text" in page and "(must be fixed)" in page
    assert 'name="override_reason"' not in page
    editor_client.post(step, {"expected_version": "1", "override_reason": "Now."})
    assert Article.objects.get().status == "draft"


def test_save_and_publish_with_photo_problems_leads_to_the_reason(editor_client):
    from tests.articles.admin_forms import form_data

    article = _story(photos=[{"photo": _photo(image=None), "role": "lead"}])
    data = {**form_data(article, body="Now with a second line."), "_saveandpublish": "1"}
    page = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/", data, follow=True
    ).content.decode()
    assert "Saved, but not done:" in page and "has no image file" in page
    stored = Article.objects.get()
    assert f"/workflow/publish/?version={stored.version}" in page and stored.version == 2
    assert Article.objects.get().status == "draft"


@pytest.mark.parametrize(
    "body",
    [
        "<p>&nbsp;</p><p><br></p><div></div>",
        "<!--[if gte mso 9]><xml><w:WordDocument>Normal</w:WordDocument></xml><![endif]-->"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "&#8203;&zwnj;",
    ],
)
def test_markup_pasted_alone_is_nothing_to_read(body):
    assert [p.code for p in publish_problems(_story(body=body))] == ["empty_body"]


def test_briefs_of_bullets_and_dots_are_nothing_to_read():
    junk = [{"heading": "Key points", "items": ["•", "-", "\u200b", "…"]}]
    assert [p.code for p in publish_problems(_story(body="", briefs=junk))] == ["empty_body"]


@pytest.mark.parametrize("alt", ["photo", "Image.", "alt text", "https://cdn.example/x.jpg"])
def test_placeholder_alt_text_describes_nothing(alt):
    article = _story(photos=[{"photo": _photo(alt_text=alt), "role": "lead"}])
    assert [p.code for p in publish_problems(article)] == ["photo_no_alt"]


@pytest.mark.parametrize("reason", ["\u200b\u200b", " \ufeff ", "x" * 1001])
def test_an_invisible_or_endless_reason_overrides_nothing(reason):
    article = _story(photos=[{"photo": _photo(image=None), "role": "lead"}])
    with pytest.raises(ValidationError) as refused:
        article_publish(article=article, user=editor("ed"), override_reason=reason)
    assert "override_reason" in refused.value.message_dict
    assert Article.objects.get().status == "draft"


def _published(**fields):
    return article_publish(article=_story(**fields), user=editor("ed"))


@pytest.mark.parametrize("body", ["   ", "\u200b", "<p>&nbsp;</p>"])
def test_a_published_story_cannot_be_emptied(body):
    from articles.services import article_revise

    article = _published()
    with pytest.raises(ValidationError, match="The story has no text"):
        article_revise(
            article=article,
            user=editor("ed"),
            expected_version=article.version,
            kind="minor",
            body=body,
            override_reason="Trust me.",
        )
    assert Article.objects.get().body == "The freighter ran aground at dawn."


def test_a_change_that_brings_photo_problems_to_a_public_story_needs_a_reason():
    from articles.services import article_revise

    article, ed = _published(), editor("ed")
    change = {"kind": "minor", "photos": [{"photo": _photo(image=None).pk, "role": "lead"}]}
    with pytest.raises(ValidationError) as refused:
        article_revise(article=article, user=ed, expected_version=article.version, **change)
    assert refused.value.message_dict["override_reason"][0].startswith(
        "The lead photo has no image"
    )
    assert not Article.objects.get().photo_placements.exists()
    revised = article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        override_reason="Soon.",
        **change,
    )
    assert "Reason: Soon." in revised.revisions.get(number=revised.version).note
    # A problem the story already had is not asked about again.
    again = article_revise(
        article=revised, user=ed, expected_version=revised.version, kind="minor", body="New."
    )
    assert again.body == "New."


def test_the_edit_form_of_a_public_story_asks_for_the_reason(editor_client):
    from tests.articles.admin_forms import form_data

    article = _published()
    page = _change_form(editor_client, article)
    assert 'name="override_reason"' in page
    placement = {"photo": str(_photo(alt_text="").pk), "role": "lead", "position": "0"}
    data = form_data(article, revision_kind="minor")
    data.update(
        {
            "photo_placements-TOTAL_FORMS": "1",
            **{f"photo_placements-0-{k}": v for k, v in placement.items()},
        }
    )
    refused = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert "has no alt text" in refused.content.decode()
    assert not Article.objects.get().photo_placements.exists()
    data["override_reason"] = "The picture desk is writing it."
    editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert Article.objects.get().photo_placements.count() == 1


def test_a_photo_change_that_leaves_a_public_story_s_photo_bare_needs_a_reason(editor_client):
    from media.services import photo_update

    photo, ed = _photo(), editor("ed")
    article = _published(photos=[{"photo": photo, "role": "lead"}])
    with pytest.raises(ValidationError) as refused:
        photo_update(photo=photo, user=ed, alt_text="", agency="", photographer="")
    messages = refused.value.message_dict["override_reason"]
    assert messages[0] == (
        "The photo shown by “Freighter aground” has no alt text: say in a sentence what it "
        "shows, for readers who cannot see it."
    )
    assert "has no credit" in messages[1]
    page = editor_client.post(
        f"/admin/media/photo/{photo.pk}/change/",
        {
            "caption": photo.caption,
            "alt_text": " ",
            "agency": "NWP",
            "photographer": "OLE BRANDT",
            "focal_point_x": "0.5",
            "focal_point_y": "0.5",
        },
    ).content.decode()
    assert "has no alt text" in page and 'name="override_reason"' in page
    photo.refresh_from_db()
    assert photo.alt_text.startswith("Two divers")
    photo_update(photo=photo, user=ed, alt_text="", override_reason="Rewriting it now.")
    note = article.revisions.get(kind="photo").note
    assert "alt_text changed" in note and "Reason: Rewriting it now." in note


def test_a_photo_no_public_story_shows_changes_freely():
    from media.services import photo_update

    photo = _photo()
    _story(photos=[{"photo": photo, "role": "lead"}])  # a draft
    assert photo_update(photo=photo, user=editor("ed"), alt_text="").alt_text == ""


@pytest.mark.parametrize(
    "body",
    [
        "\u3164\u3164",  # Hangul fillers
        "\u2800\u2800\u2800",  # the blank Braille pattern
        "\u115f\u1160 \uffa0",
        "<style>p { color: red }</style>",
        "<script>var tracking = 'x';</script>",
        '[caption id="a" align="alignnone"][/caption]',
        "&lt;p&gt;&lt;/p&gt;",
        "1.\n\n2.\n\n3.",
    ],
)
def test_letters_that_draw_nothing_and_code_are_nothing_to_read(body):
    assert [p.code for p in publish_problems(_story(body=body))] == ["empty_body"]


def test_numbered_or_ticked_empty_briefs_are_nothing_to_read():
    junk = [{"heading": "Steps", "items": ["1.", "2)", "- [ ]", "**"]}]
    assert [p.code for p in publish_problems(_story(body="", briefs=junk))] == ["empty_body"]


@pytest.mark.parametrize(
    "alt",
    [
        "Фото",
        "صورة",
        "写真",
        "Imagen",
        "TODO",
        "Image of",
        "IMG_2041",
        "DSC_0001.NEF",
        "Screenshot 2026-11-30 at 10.00.00.png",
        "WhatsApp Image 2026-11-30 at 09.12.44",
    ],
)
def test_alt_text_that_names_no_picture_in_any_language(alt):
    article = _story(photos=[{"photo": _photo(alt_text=alt), "role": "lead"}])
    assert [p.code for p in publish_problems(article)] == ["photo_no_alt"]


@pytest.mark.parametrize("credit", ["\u2800", "\u3164", "©", "/", "unknown", "Foto:"])
def test_a_credit_that_credits_no_one(credit):
    photo = _photo(agency="", photographer="", credit_line_override=credit)
    assert [p.code for p in publish_problems(_story(photos=[{"photo": photo}]))] == [
        "photo_no_credit"
    ]


@pytest.mark.parametrize("reason", [".", "-", "x", "ok", "👍", "\u3164\u3164", "<b></b>"])
def test_a_reason_must_say_something(reason):
    article = _story(photos=[{"photo": _photo(image=None), "role": "lead"}])
    with pytest.raises(ValidationError, match=r"Say in a few words why|To publish anyway"):
        article_publish(article=article, user=editor("ed"), override_reason=reason)
