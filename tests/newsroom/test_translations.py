"""The interface is translatable: every string of the project's own that editors read goes
through Django's translation functions, the editor's language is honoured in the admin and the
previews, and the public answers stay in one language."""

import ast
import os
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po
from django.apps import apps
from django.utils.functional import Promise

from tests.factories import editor

PROJECT = Path(__file__).resolve().parents[2]
APPS = ("articles", "media", "distribution", "newsroom")
# The public API speaks to programs in one language: its schema texts are documentation.
PUBLIC_API = {"articles/api.py", "articles/schema.py", "distribution/api.py"}
# Where a string a person reads is passed (keyword arguments, and the first argument of calls).
READ_KEYWORDS = {
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "label",
    "description",
    "empty_value_display",
    "empty_label",
}
READ_CALLS = {"ValidationError", "PermissionDenied", "ArticleConflict", "IngestRefused"}


def _python_modules():
    for app in APPS:
        for path in (PROJECT / app).rglob("*.py"):
            relative = path.relative_to(PROJECT).as_posix()
            if "migrations" not in path.parts and relative not in PUBLIC_API:
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _bare_texts(node):
    """String literals and f-strings in `node` that no translation function wraps."""
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()
    ):
        yield node
    elif isinstance(node, ast.Dict | ast.List | ast.Tuple):
        for child in node.values if isinstance(node, ast.Dict) else node.elts:
            yield from _bare_texts(child)


def _read_texts(call: ast.Call):
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    for keyword in call.keywords:
        if keyword.arg in READ_KEYWORDS:
            yield from _bare_texts(keyword.value)
    if name in READ_CALLS and call.args:
        yield from _bare_texts(call.args[0])
    if name == "message_user" and len(call.args) > 1:
        yield from _bare_texts(call.args[1])


def test_strings_people_read_go_through_the_translation_functions():
    untranslated = [
        f"{path}:{text.lineno}"
        for path, tree in _python_modules()
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        for text in _read_texts(call)
    ]
    assert untranslated == []


def test_the_finder_of_untranslated_strings_finds_them():
    tree = ast.parse(
        'ValidationError({"note": f"Too long: {n}"})\nforms.CharField(help_text="Plain")\n'
        'PermissionDenied(_("Wrapped"))\nself.message_user(request, "Done.")\n'
    )
    found = [t.lineno for c in ast.walk(tree) if isinstance(c, ast.Call) for t in _read_texts(c)]
    assert sorted(found) == [1, 2, 4]


def test_every_field_and_model_name_is_translatable():
    plain = [
        f"{model.__name__}.{name}"
        for app in ("articles", "media", "distribution")
        for model in apps.get_app_config(app).get_models()
        for name, text in [
            ("verbose_name", model._meta.verbose_name),
            ("verbose_name_plural", model._meta.verbose_name_plural),
            *(
                (f.name, f.verbose_name)
                for f in model._meta.get_fields()
                if f.concrete and not f.auto_created
            ),
        ]
        if not isinstance(text, Promise)
    ]
    plain += [
        app
        for app in ("articles", "media", "distribution")
        if not isinstance(apps.get_app_config(app).verbose_name, Promise)
    ]
    assert plain == []


def _untranslated_template_text(text: str) -> list[str]:
    for pattern in (
        r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}",
        r"{#.*?#}",
        r"<script.*?</script>",
        r"<style.*?</style>",
        r"<code>.*?</code>",
        r"{%.*?%}",
        r"{{.*?}}",
    ):
        text = re.sub(pattern, " ", text, flags=re.S)
    attributes = re.findall(r'\b(?:title|alt|placeholder|aria-label|value)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>|&[a-z]+;|&#\d+;", " ", text, flags=re.S)
    return [t.strip() for t in [*text.splitlines(), *attributes] if re.search(r"[A-Za-z]{2}", t)]


def test_templates_have_no_untranslated_text():
    found = {
        path.relative_to(PROJECT).as_posix(): lines
        for app in APPS
        for path in (PROJECT / app).rglob("*.html")
        if (lines := _untranslated_template_text(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert _untranslated_template_text('<p>{% translate "Yes" %} Ready</p><input value="Go">') == [
        "Ready",
        "Go",
    ]


@pytest.mark.parametrize("catalogue", sorted(PROJECT.glob("locale/*/LC_MESSAGES/django.po")))
def test_each_catalogue_is_complete_and_keeps_its_placeholders(catalogue):
    with catalogue.open("rb") as po:
        messages = read_po(po)
    assert not messages.fuzzy, "the catalogue is marked fuzzy: it would not be compiled"
    missing = [
        m.id for m in messages if m.id and not all(m.string if m.pluralizable else [m.string])
    ]
    assert missing == []
    for message in messages:
        if message.id and message.python_format:
            python_format(messages, message)  # raises TranslationError on a changed placeholder
    assert catalogue.with_suffix(".mo").exists(), "make install compiles the catalogues"


@pytest.mark.django_db
def test_the_editors_language_is_honoured_in_the_admin(client):
    client.force_login(editor("ed"))
    german = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de")
    page = german.content.decode()
    assert 'lang="de"' in page and "Abmelden" in page  # Django's own admin strings
    assert "Meine Entwürfe" in page  # the desk's, from locale/de
    assert "Accept-Language" in german["Vary"]
    english = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My drafts" in english and "Log out" in english
    # The language switch in the header keeps the choice over the browser's.
    client.post("/i18n/setlang/", {"language": "de", "next": "/admin/"})
    assert "Meine Entwürfe" in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_the_public_answers_stay_in_one_language(client):
    answer = client.get("/api/v1/articles/?page=x", HTTP_ACCEPT_LANGUAGE="de")
    assert answer.status_code == 400 and "Accept-Language" not in answer.get("Vary", "")
    english = client.get("/api/v1/articles/?page=x", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.content == english.content


def test_each_catalogue_holds_every_string_of_the_source(tmp_path, settings):
    """`make messages` would add nothing: the catalogues are up to date with the code."""
    from django.core.management import call_command

    from tests.support import in_ci

    if not shutil.which("xgettext"):
        if in_ci():
            pytest.fail("GNU gettext is not installed (apt-get install gettext)")
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    for folder in (*APPS, "locale"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", all=True, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
    for fresh in (tmp_path / "locale").glob("*/LC_MESSAGES/django.po"):
        with fresh.open("rb") as po:
            # A new string gets an empty translation, a changed one a fuzzy guess.
            untranslated = [m.id for m in read_po(po) if m.id and (not m.string or m.fuzzy)]
        assert untranslated == [], fresh.parent.parent.name
