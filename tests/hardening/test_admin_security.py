"""The admin: CSRF enforced, logins throttled, secure cookies and HSTS in production."""

import pytest
from django.test import Client

from articles.models import Article
from articles.services import article_create
from tests.factories import editor

pytestmark = pytest.mark.django_db


def _login(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "ed", "password": password})


def test_login_is_locked_after_repeated_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = editor("ed")
    user.set_password("the-right-password-42")
    user.save()
    assert [_login(client, "wrong").status_code for _ in range(3)] == [200, 200, 429]
    locked = _login(client, "the-right-password-42")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_works_below_the_limit(client):
    user = editor("ed")
    user.set_password("the-right-password-42")
    user.save()
    _login(client, "wrong")
    assert _login(client, "the-right-password-42").status_code == 302


def test_admin_writes_need_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    ed = editor("ed")
    client.force_login(ed)
    article = article_create(user=ed, headline="Protected story")
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/submit/", {"expected_version": "1"}
    )
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).status == "draft"
    response = client.post("/admin/articles/article/add/", {"headline": "Forged"})
    assert response.status_code == 403 and not Article.objects.filter(headline="Forged").exists()


def test_production_settings_are_secure(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import json, django; from django.conf import settings; django.setup(); print(json.dumps("
        "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT,"
        " settings.SESSION_COOKIE_HTTPONLY]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings", SECRET_KEY="p" * 60, DATA_DIR=str(tmp_path)
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    session_secure, csrf_secure, hsts, ssl_redirect, httponly = json.loads(result.stdout)
    assert session_secure and csrf_secure and httponly and ssl_redirect and hsts >= 31536000
