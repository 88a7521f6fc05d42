"""Text that reaches readers: characters that XML feeds or JSON consumers cannot carry never get
in, whatever the way in, and an update marker typed at the start of a headline is never stored."""

import json
import xml.dom.minidom

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.headlines import split_update_marker
from articles.ingest import ingest_story
from articles.loading import read_story
from articles.models import Article
from articles.services import article_create, article_publish, article_revise
from media.services import photo_create, photo_update
from newsroom.text import clean_text, has_unwanted_characters
from tests import images
from tests.factories import editor

pytestmark = pytest.mark.django_db

# One of each kind of character a feed or a JSON consumer cannot carry.
UNWANTED = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1e",
    "\x7f",
    "\x81",  # a C1 control that Windows-1252 leaves undefined
    "\ufffe",
]


@pytest.mark.parametrize("character", UNWANTED)
def test_clean_text_removes_what_xml_cannot_carry_and_keeps_words_apart(character):
    cleaned = clean_text(f"Harbour{character}master speaks")
    assert not has_unwanted_characters(cleaned)
    assert cleaned.replace("\n", " ") == "Harbour master speaks"  # never glued together
    assert clean_text(f"Line one{character}\tline two", one_line=True) == "Line one line two"


@pytest.mark.parametrize(
    ("received", "meant"),
    [
        ("The mayor\x92s plan", "The mayor’s plan"),
        ("\x93A blow\x94, he said", "“A blow”, he said"),
        ("Talks\x96and a vote\x97ended", "Talks–and a vote—ended"),
        ("Wait\x85 then go", "Wait… then go"),
        ("Cost: \x80 40", "Cost: € 40"),
    ],
)
def test_windows_1252_punctuation_read_as_c1_controls_is_restored(received, meant):
    assert clean_text(received) == meant


def test_every_line_break_convention_makes_paragraphs():
    assert clean_text("One.\r\rTwo.\r\n\r\nThree.\x0bFour.") == "One.\n\nTwo.\n\nThree.\nFour."


def test_text_readers_see_is_kept_whole():
    text = "Кабмін «схвалив» план — 1 500 грн; 東京 café naïve עברית 🙂\n\nSecond\tparagraph."
    assert clean_text(text) == text


def _feed_parses(client) -> None:
    for path in ("/feeds/rss/", "/feeds/atom/"):
        response = client.get(path)
        assert response.status_code == 200
        xml.dom.minidom.parseString(response.content)


@pytest.mark.parametrize("character", UNWANTED[1:])
def test_a_control_character_typed_anywhere_never_breaks_the_feeds(client, character):
    ed = editor("ed")
    photo = photo_create(caption=f"Boats{character} return", photographer=f"A{character}B")
    article = article_create(
        user=ed,
        headline=f"Ferry{character} link reopens",
        standfirst=f"After{character} the storm.",
        byline=f"Marta{character} Lindqvist",
        body=f"First{character} paragraph.",
        briefs=[{"heading": f"In{character} brief", "items": [f"Rail{character} resumes."]}],
        photos=[{"photo": photo, "role": "lead"}],
    )
    article = article_publish(article=article, user=ed, override_reason="Photo follows.")
    stored = Article.objects.get(pk=article.pk)
    for value in (stored.headline, stored.standfirst, stored.byline, stored.body):
        assert not has_unwanted_characters(value) and "Ferry" in stored.headline
    assert not has_unwanted_characters(photo.caption + photo.photographer)
    _feed_parses(client)
    assert client.get(f"/api/v1/articles/{stored.slug}/").status_code == 200


def test_the_feeds_survive_text_stored_before_it_was_cleaned(client):
    ed = editor("ed")
    article = article_publish(
        article=article_create(user=ed, headline="Ferry news", body="Text."), user=ed
    )
    Article.objects.filter(pk=article.pk).update(
        headline="Ferry\x0b news", standfirst="Old\x01 text", byline="Desk\x1b"
    )
    _feed_parses(client)


def test_wire_and_ninjs_copy_lose_the_characters_too():
    wire = "Ferry\x0b link reopens\n\nBERGHAVEN, May 3 (Northwind Press) – Boats\x1e sail again.\n"
    story = ingest_story(read_story(wire.encode())).article
    assert story.headline == "Ferry link reopens" and not has_unwanted_characters(story.body)
    document = {
        "uri": "urn:newsroom-test:control",
        "headlines": [{"role": "main", "value": "Tram\u0007 line opens"}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": "Trams\x07 run."}],
        "by": "Desk\x1f",
    }
    data = json.dumps(document).encode()
    story = ingest_story(read_story(data, content_type="application/json")).article
    assert story.headline == "Tram line opens" and story.body == "Trams run."
    assert story.byline == "Desk"


def test_admin_form_text_is_cleaned(client):

    client.force_login(editor("ed"))
    response = client.post(
        "/admin/articles/article/add/",
        {
            "headline": "Bridge\x0b repairs begin",
            "slug": "",
            "standfirst": "",
            "byline": "",
            "agency": "",
            "dateline_place": "",
            "dateline_date": "",
            "body": "Work\x0cstarts.",
            "language": "en",
            **_empty_inlines(),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    stored = Article.objects.get()
    assert stored.headline == "Bridge repairs begin" and stored.body == "Work\nstarts."


def _empty_inlines() -> dict:
    data = {}
    for prefix in ("brief_boxes", "photo_placements", "updates"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_embedded_photo_metadata_is_cleaned(django_capture_on_commit_callbacks):
    data = images.iptc_jpeg(images.photo_like(200, 150), {(2, 120): "Boats\x0b return\x07 home"})
    photo = photo_create(image=SimpleUploadedFile("p.jpg", data))
    assert photo.caption == "Boats return home"
    photo = photo_update(photo=photo, caption="Night\x1b falls")
    assert photo.caption == "Night falls"


# --- Update markers


@pytest.mark.parametrize(
    ("typed", "headline", "sequence"),
    [
        ("UPDATED: Ferry link reopens", "Ferry link reopens", None),
        ("Updated – Ferry link reopens", "Ferry link reopens", None),
        ("UPDATE 3-Ferry link reopens", "Ferry link reopens", 3),
        ("update 2: Ferry link reopens", "Ferry link reopens", 2),
        ("[UPDATED] - Ferry link reopens", "Ferry link reopens", None),
        ("UPDATED: UPDATED: Ferry link reopens", "Ferry link reopens", None),
        ("AKTUALISIERT: Fähre fährt wieder", "Fähre fährt wieder", None),
        ("MISE À JOUR - Le bac reprend", "Le bac reprend", None),
        ("Actualizado: El ferry vuelve", "El ferry vuelve", None),
        ("ОНОВЛЕНО: Пором знову курсує", "Пором знову курсує", None),
        ("ОБНОВЛЕНО 2 — Паром снова ходит", "Паром снова ходит", 2),
        ("Updated 14:05 - Storm closes the bridge", "Storm closes the bridge", None),
        ("UPDATED 9:30 AM: Storm closes the bridge", "Storm closes the bridge", None),
        ("UPDATED (2): Ferry link reopens", "Ferry link reopens", 2),
        ("Actualizada: La ruta del ferry", "La ruta del ferry", None),
        ("(UPDATE 1) Ferry link reopens", "Ferry link reopens", 1),
    ],
)
def test_update_markers_in_several_languages_are_recognised(typed, headline, sequence):
    marked = split_update_marker(typed)
    assert (marked.headline, marked.is_update, marked.update_sequence) == (
        headline,
        True,
        sequence,
    )


@pytest.mark.parametrize(
    "headline",
    [
        "Update on the ferry strike: talks resume",
        "Updated timetable for ferries",
        "Updates-to-come from the harbour",
        "Aktualisierte Fahrpläne",
        "Update-weary phone owners queue for repairs",
        "Updated-look trams unveiled in the old town",
        "UPDATE-free cars: what owners should know",
        "Update 2.0 of the ticket app goes live",
    ],
)
def test_a_headline_that_merely_starts_with_the_word_is_left_alone(headline):
    assert split_update_marker(headline).headline == headline


def test_a_marker_typed_in_a_headline_is_never_stored_or_shown_twice(client):
    ed = editor("ed")
    article = article_create(user=ed, headline="UPDATED: Ferry link reopens", body="Boats sail.")
    assert article.headline == "Ferry link reopens" and article.slug == "ferry-link-reopens"
    article = article_publish(article=article, user=ed)
    article = article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="update",
        note="Adds the timetable.",
        headline="UPDATED: Ferry link reopens with a new timetable",
        body="Boats sail at nine.",
    )
    assert article.headline == "Ferry link reopens with a new timetable"
    rss = client.get("/feeds/rss/").content.decode()
    assert (
        "UPDATED: Ferry link reopens with a new timetable" in rss and "UPDATED: UPDATED" not in rss
    )
    assert client.get(f"/api/v1/articles/{article.slug}/").json()["headline"] == article.headline


def test_a_headline_that_is_only_a_marker_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        article_create(user=editor("ed"), headline="UPDATED:", body="Text.")
    assert "headline" in refused.value.message_dict
    assert not Article.objects.exists()


# --- Slugs in every script


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Кабмін схвалив план відновлення", "kabmin-skhvaliv-plan-vidnovlennya"),
        ("Правительство одобрило бюджет", "pravitelstvo-odobrilo-byudzhet"),
        ("Η Βουλή ψηφίζει σήμερα", "i-voyli-psifizei-simera"),
        ("Ärger über die Straßenbahn", "arger-uber-die-strassenbahn"),
        ("Ukraine's grain deal: “a lifeline”", "ukraines-grain-deal-a-lifeline"),
        ("港口工人结束罢工", "港口工人结束罢工"),
        ("東京で地下鉄が再開", "東京で地下鉄が再開"),
        ("서울 지하철 파업 종료", "서울-지하철-파업-종료"),
        ("البرلمان يقر الميزانية", "البرلمان-يقر-الميزانية"),
        ("הכנסת מאשרת תקציב", "הכנסת-מאשרת-תקציב"),
        ("รัฐสภาอนุมัติงบประมาณ", "รัฐสภาอนุมัติงบประมาณ"),
        ("संसद ने बजट पारित किया", "संसद-ने-बजट-पारित-किया"),
        ("น้ำท่วมหนักในเมือง", "น้ำท่วมหนักในเมือง"),  # SARA AM stays one character
        ("ນ້ຳຖ້ວມໃຫຍ່", "ນ້ຳຖ້ວມໃຫຍ່"),
        # Marks with nothing to read: stacked accents on Latin letters, an emoji's selector.
        ("Z\u0334\u0321a\u0337l\u0336g\u0338o\u0335 storm warning", "zalgo-storm-warning"),
        ("Family of four rescued from flood \u2764\ufe0f", "family-of-four-rescued-from-flood"),
        ("שָׁלוֹם לַכֹּל", "שָׁלוֹם-לַכֹּל"),  # Hebrew points stay with their letters
    ],
)
def test_slugs_are_readable_in_every_script(headline, slug):
    article = article_create(user=editor("ed"), headline=headline, body="Text.")
    assert article.slug == slug


def test_slugs_in_any_script_stay_unique_and_are_served(client):
    ed = editor("ed")
    first = article_publish(
        article=article_create(user=ed, headline="Пором знову курсує", body="Text."), user=ed
    )
    second = article_create(user=ed, headline="Пором знову курсує", body="Text.")
    assert (first.slug, second.slug) == ("porom-znovu-kursuie", "porom-znovu-kursuie-2")
    chinese = article_publish(
        article=article_create(user=ed, headline="港口重新开放", body="Text."), user=ed
    )
    for story in (first, chinese):
        response = client.get(f"/api/v1/articles/{story.slug}/")
        assert response.status_code == 200 and response.json()["slug"] == story.slug
        again = client.get(f"/api/v1/articles/{story.slug}/")  # from the cache
        assert again.status_code == 200 and again.content == response.content
    assert chinese.slug in client.get("/feeds/rss/").content.decode("utf-8") or (
        "%E6%B8%AF" in client.get("/feeds/rss/").content.decode("utf-8")
    )
    revised = article_revise(
        article=first,
        user=ed,
        expected_version=first.version,
        kind="minor",
        headline="Пором знову курсує щодня",
    )
    assert revised.slug == first.slug  # published: the permanent URL stays


def test_a_long_headline_gets_a_slug_cut_at_a_word():
    headline = "Harbour authority approves ferry link " + "after long talks " * 10
    slug = article_create(user=editor("ed"), headline=headline.strip()).slug
    assert len(slug) <= 80 and not slug.endswith("-") and "-talks" in slug
    assert slug.split("-")[-1] in ("after", "long", "talks")


def test_unicode_line_and_paragraph_separators_break_the_text():
    article = article_create(
        user=editor("ed"), headline="Gale", body="First line\u2028same paragraph\u2029Second."
    )
    assert article.paragraphs == ["First line\nsame paragraph", "Second."]


@pytest.mark.parametrize("headline", ["   \u200b  ", "\ufeff", "\u200b\u2060"])
def test_a_headline_of_invisible_characters_is_no_headline(headline):
    with pytest.raises(ValidationError, match="headline"):
        article_create(user=editor("ed"), headline=headline, body="Text.")
