"""Fixtures of the distribution tests: stories, subscribers and a receiver on loopback."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section, Tag
from articles.services import article_create, article_publish
from distribution.models import Subscriber
from tests.distribution.receiver import Receiver
from tests.factories import editor

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def ed():
    return editor("ed")


@pytest.fixture
def story(ed, django_capture_on_commit_callbacks):
    """Write a story and, unless `publish=False`, publish it (under `embargo_until`)."""

    def make(headline="Harbour reopens after the storm", *, publish=True, embargo_until=None, **f):
        f.setdefault("agency", "Northwind Press")
        f.setdefault("body", "The harbour reopened on Monday.\n\nFerries resume on Tuesday.")
        with django_capture_on_commit_callbacks(execute=True):
            article = article_create(user=ed, headline=headline, **f)
            if publish:
                article = article_publish(article=article, user=ed, embargo_until=embargo_until)
        return Article.objects.get(pk=article.pk)

    return make


@pytest.fixture
def receiver():
    server = Receiver(SECRET).start()
    yield server
    server.stop()


@pytest.fixture
def subscriber(receiver):
    def make(name="Partner site", *, sections=(), tags=(), **fields):
        fields.setdefault("endpoint_url", receiver.url)
        made = Subscriber.objects.create(name=name, secret=SECRET, **fields)
        made.sections.set(Section.objects.filter(slug__in=sections))
        made.tags.set(Tag.objects.filter(slug__in=tags))
        return made

    return make


def later(**delta):
    return timezone.now() + timedelta(**delta)
