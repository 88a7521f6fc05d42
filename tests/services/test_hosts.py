"""Scale-out as operators run it: two web hosts and two worker hosts (network namespaces on this
machine) on one PostgreSQL, one Redis and one S3 server, reached over the network."""

import os
import re
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests

from articles.models import Article
from articles.services import article_create, article_publish
from media.models import Photo
from tests import images
from tests.articles.admin_forms import form_data
from tests.factories import editor
from tests.hosts import Network, can_make_hosts
from tests.s3 import KEYS, REGION, new_bucket, s3_server, storages_for
from tests.services.conftest import wait_for
from tests.support import in_ci

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PROJECT_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "hosts-test-password-5150"
# Three widths in two formats (the hosts' settings below) and the five crops of the defaults.
RENDITIONS_PER_PHOTO = 3 * 2 + 5


@pytest.fixture
def network():
    if not can_make_hosts():
        if in_ci():
            pytest.fail("CI must run the several-hosts test: it needs root and iproute2.")
        pytest.skip("making network namespaces needs root and iproute2")
    with Network() as network:
        yield network


def _host_env(network, *, database: dict, redis_db: str, broker_db: str, s3: dict) -> dict:
    gateway = network.gateway
    return {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "SECRET_KEY": "hosts-test-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "*",
        "SECURE_SSL_REDIRECT": "false",
        "API_ANON_RATE": "",
        "DATABASE_URL": f"postgres://{database['USER']}@{gateway}:5432/{database['NAME']}",
        "REDIS_URL": f"redis://{gateway}:6379/{redis_db}",
        "CELERY_BROKER_URL": f"redis://{gateway}:6379/{broker_db}",
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "CELERY_REDELIVERY_CHECK_SECONDS": "2",
        "MEDIA_S3_BUCKET": s3["bucket"],
        "MEDIA_S3_ENDPOINT_URL": s3["endpoint"],
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "MEDIA_S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        "MEDIA_RENDITION_WIDTHS": "320,640,1024",
        "MEDIA_RENDITION_FORMATS": "jpeg,webp",
        "PYTHONUNBUFFERED": "1",
    }


class Hosts:
    """The running hosts, their logs, and what the test does through them."""

    def __init__(self, network, env, logs: Path):
        self.network, self.env, self.logs = network, env, logs
        self.web: list[str] = []
        self.workers: dict[str, object] = {}

    def start_web(self, name: str) -> str:
        host = self.network.add_host(name)
        command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", "2"]
        command += ["--bind", f"{host.address}:8000", "--log-level", "warning"]
        host.start(command, env=self.env, log=(self.logs / f"{name}.log").open("wb"))
        url = f"http://{host.address}:8000"
        wait_for(lambda: _ready(url), timeout=60, what=f"{name} ready")
        self.web.append(url)
        return url

    def start_worker(self, name: str):
        host = self.network.add_host(name)
        command = [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "--pool", "solo"]
        command += ["-Q", "default,renditions", "--hostname", f"{name}@%h", "--loglevel", "INFO"]
        command += ["--without-mingle", "--without-gossip"]
        host.start(command, env=self.env, log=(self.logs / f"{name}.log").open("wb"))
        wait_for(lambda: "ready." in self.log(name), timeout=60, what=f"{name} ready")
        self.workers[name] = host
        return host

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def _ready(url: str) -> bool:
    try:
        answer = requests.get(f"{url}/health/ready", headers={"Accept": "application/json"})
    except requests.ConnectionError:
        return False
    return answer.status_code == 200


class Desk:
    """An editor signed in to the admin of one web host. Its cookies are kept by hand: they
    are marked Secure (production settings), and this network is plain HTTP."""

    def __init__(self, url: str, username: str):
        self.url, self.cookies = url, {}
        self._keep(requests.get(f"{url}/admin/login/"))
        answer = self.post("/admin/login/", {"username": username, "password": PASSWORD})
        assert answer.status_code == 302, answer.text[-2000:]

    def _keep(self, answer) -> None:
        self.cookies.update({cookie.name: cookie.value for cookie in answer.cookies})

    def post(self, path: str, data: dict, files=None):
        data = {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        answer = requests.post(
            f"{self.url}{path}", data=data, files=files, cookies=self.cookies, allow_redirects=False
        )
        self._keep(answer)
        return answer

    def upload_photo(
        self, caption: str, seed: int, size: tuple[int, int] = (1400, 900), kind: str = "JPEG"
    ) -> Photo:
        data = {"caption": caption, "alt_text": "Ferries at a quay.", "agency": "NWP"}
        data |= {"photographer": "IDA BERG", "credit_line_override": "", "copyright_notice": ""}
        data |= {"focal_point_x": "0.5", "focal_point_y": "0.5"}
        data |= {"renditions-TOTAL_FORMS": "0", "renditions-INITIAL_FORMS": "0"}
        image = images.encode(images.photo_like(*size, seed=seed), kind)
        name = "q.png" if kind == "PNG" else "q.jpg"
        answer = self.post("/admin/media/photo/add/", data, files={"image": (name, image)})
        assert answer.status_code == 302, answer.text[-3000:]
        return Photo.objects.get(caption=caption)


def _story_detail(url: str, slug: str) -> dict:
    answer = requests.get(f"{url}/api/v1/articles/{slug}/")
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def hosts(network, broker_url, redis_url, tmp_path, settings, use_broker):
    from django.db import connection

    network.forward(5432)
    network.forward(6379)
    with ExitStack() as stack:
        endpoint = stack.enter_context(s3_server(network.gateway))
        s3 = {"endpoint": endpoint, "bucket": new_bucket(endpoint, public_renditions=True)}
        settings.STORAGES = storages_for(endpoint, s3["bucket"])
        use_broker(broker_url)
        env = _host_env(
            network,
            database=connection.settings_dict,
            redis_db=redis_url.rsplit("/", 1)[1],
            broker_db=broker_url.rsplit("/", 1)[1],
            s3=s3,
        )
        # Hashed as the hosts (production settings) check it, not with the tests' fast hasher.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        user = editor("hosts-editor")
        user.set_password(PASSWORD)
        user.save()
        yield Hosts(network, env, tmp_path)


def test_a_photo_uploaded_on_one_host_is_rendered_on_another_and_served_by_a_third(hosts):
    web1, web2 = hosts.start_web("web1"), hosts.start_web("web2")
    hosts.start_worker("worker2")
    photo = Desk(web1, "hosts-editor").upload_photo("Ferries at dawn.", seed=1)
    wait_for(lambda: _status(photo) == "ready", timeout=120, what="renditions")
    assert "media.generate_renditions[" in hosts.log("worker2")
    story = _publish_with(photo)
    served = _story_detail(web2, story.slug)["photos"][0]["renditions"]
    assert len(served) == RENDITIONS_PER_PHOTO
    for rendition in served:
        answer = requests.get(rendition["url"])
        assert answer.status_code == 200 and len(answer.content) > 1000, rendition["url"]
        assert "Signature" not in rendition["url"]
    original = requests.get(
        f"{hosts.env['MEDIA_S3_ENDPOINT_URL']}/{hosts.env['MEDIA_S3_BUCKET']}/{photo.image.name}"
    )
    assert original.status_code == 403  # private: only the admin's signed links open it


def test_an_update_on_one_web_host_is_never_served_stale_by_the_other(hosts):
    web1, web2 = hosts.start_web("web1"), hosts.start_web("web2")
    hosts.start_worker("worker1")
    story = _publish_with(None)
    desk = Desk(web2, "hosts-editor")
    for round_ in range(1, 6):
        for url in (web1, web2):  # both hosts hold the story in their caches
            _story_detail(url, story.slug)
        article = Article.objects.get(pk=story.pk)
        headline = f"Ferry timetable changes, round {round_}"
        data = form_data(article, headline=headline, revision_kind="update")
        data["revision_note"] = f"New times, round {round_}."
        answer = desk.post(f"/admin/articles/article/{story.pk}/change/", data)
        assert answer.status_code == 302, answer.text[-3000:]
        assert _story_detail(web1, story.slug)["headline"].endswith(headline)


def test_killing_a_worker_host_loses_no_job(hosts):
    web1 = hosts.start_web("web1")
    desk = Desk(web1, "hosts-editor")
    # The jobs wait in the broker until the doomed host starts, so that it is certain to take
    # some (with both hosts up, one could take them all as they came); large PNGs take it long
    # enough to be caught holding one: it is killed the moment its log shows one received and
    # not yet done. The other host starts after, and must finish everything.
    photos = [
        desk.upload_photo(f"Quay scene {n}.", seed=10 + n, size=(4000, 2600), kind="PNG")
        for n in range(6)
    ]
    doomed = hosts.start_worker("worker2")

    def held() -> set[str]:
        log = hosts.log("worker2")
        return _tasks(log, "received") - _tasks(log, "succeeded")

    wait_for(lambda: held(), timeout=60, interval=0.02, what="worker2 to hold a job")
    doomed.kill()
    in_flight = held()
    assert in_flight, "the host died holding no job: nothing was proved"
    hosts.start_worker("worker1")
    wait_for(
        lambda: all(_status(photo) == "ready" for photo in photos),
        timeout=180,
        what="every photo's renditions after a worker host died",
    )
    assert all(photo.renditions.count() == RENDITIONS_PER_PHOTO for photo in photos)
    # The dead host may have finished a job's work without acknowledging it: the job still comes
    # back (after the visibility timeout) and the other host runs it to the end.
    wait_for(
        lambda: in_flight <= _tasks(hosts.log("worker1"), "succeeded"),
        timeout=60,
        what="the dead host's unacknowledged jobs to be done by the other",
    )


def _tasks(log: str, state: str) -> set[str]:
    return set(re.findall(rf"media\.generate_renditions\[([0-9a-f-]+)\] {state}", log))


def _status(photo: Photo) -> str:
    photo.refresh_from_db()
    return photo.rendition_status


def _publish_with(photo: Photo | None) -> Article:
    user = editor("hosts-editor")
    story = article_create(
        user=user,
        headline=f"Ferries run again {time.monotonic_ns()}",
        byline="Ida Berg",
        body="The first ferry left at six.\n\nPassengers queued from five.",
        photos=[{"photo": photo, "role": "lead"}] if photo else [],
    )
    return article_publish(article=story, user=user)
