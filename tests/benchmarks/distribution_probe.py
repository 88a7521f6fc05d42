"""The distribution benchmark's hands inside the project (run with its environment, while two
worker processes run): a receiver on loopback, subscribers pointing at it, and the timings.

    python -m tests.benchmarks.distribution_probe --subscribers 100 --stories 50 --fanned 20

Prints one JSON object: seconds for one update fanned out to `--subscribers` subscribers and
for as many no-op tasks, and the rates of `--stories` updates to `--fanned` subscribers each
and of as many no-op tasks, all through the same broker and workers.
"""

import argparse
import json
import os
import time

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def _wait(receiver, count: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while len(receiver.unique()) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(receiver.unique())} of {count} deliveries after {timeout}s")
        time.sleep(0.005)


def _noop(count: int) -> float:
    """Seconds for `count` no-op tasks (newsroom.ping) through the broker and the workers."""
    from newsroom.celery import ping

    started = time.perf_counter()
    results = [ping.delay("noop") for _ in range(count)]
    for result in results:
        result.get(timeout=300)
    return time.perf_counter() - started


def _subscribers(count: int, url: str, prefix: str) -> None:
    from distribution.models import Subscriber

    Subscriber.objects.update(active=False)
    Subscriber.objects.bulk_create(
        Subscriber(name=f"{prefix} {n}", endpoint_url=url, secret=SECRET) for n in range(count)
    )


def _story(user, headline: str):
    from articles.services import article_create, article_publish

    article = article_create(user=user, headline=headline, body="First.\n\nSecond paragraph.")
    return article_publish(article=article, user=user)


def _update(user, article) -> None:
    from articles.services import article_revise

    article_revise(
        article=article,
        user=user,
        expected_version=article.version,
        kind="update",
        note="Adds the latest figures.",
        body=article.body + "\n\nThe latest figures.",
    )


def _reset() -> None:
    from articles.models import Article, StoryEvent
    from distribution.models import Delivery, Subscriber

    Delivery.objects.all().delete()
    Subscriber.objects.all().delete()
    StoryEvent.objects.all().delete()
    Article.objects.filter(slug__startswith="distribution-bench").delete()


def _settle(timeout: float = 300) -> None:
    """Wait until the workers' queues are empty: each figure starts from an idle broker."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    deadline = time.monotonic() + timeout
    while client.llen("default") or client.llen("deliveries"):
        if time.monotonic() > deadline:
            raise RuntimeError("the workers' queues did not empty")
        time.sleep(0.05)
    time.sleep(0.5)


def _fan_out(user, receiver, subscribers: int) -> float:
    _subscribers(subscribers, receiver.url, "Fan-out")
    story = _story(user, "Distribution bench fan-out")
    _wait(receiver, subscribers)
    _settle()
    receiver.received.clear()
    started = time.perf_counter()
    _update(user, story)
    _wait(receiver, subscribers)
    return time.perf_counter() - started


def _sustained(user, receiver, stories: int, fanned: int) -> float:
    _subscribers(0, receiver.url, "None")  # the stories below go to nobody
    articles = [_story(user, f"Distribution bench story {n}") for n in range(stories)]
    _subscribers(fanned, receiver.url, "Sustained")
    _settle()
    receiver.received.clear()
    started = time.perf_counter()
    for article in articles:
        _update(user, article)
    _wait(receiver, stories * fanned)
    return stories * fanned / (time.perf_counter() - started)


def run(subscribers: int, stories: int, fanned: int) -> dict:
    from tests.distribution.receiver import Receiver
    from tests.factories import editor

    _reset()
    user = editor(f"bench-{os.getpid()}")
    receiver = Receiver(SECRET).start()
    try:
        _noop(20)  # the workers' first tasks warm them
        fan_out_noop = _noop(subscribers)
        noop_rate = stories * fanned / _noop(stories * fanned)
        fan_out = _fan_out(user, receiver, subscribers)
        _settle()
        sustained = _sustained(user, receiver, stories, fanned)
    finally:
        receiver.stop()
    return {
        "fan_out_seconds": fan_out,
        "fan_out_noop_seconds": fan_out_noop,
        "deliveries_per_second": sustained,
        "noop_per_second": noop_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--fanned", type=int, default=20)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    print(json.dumps(run(arguments.subscribers, arguments.stories, arguments.fanned)))


if __name__ == "__main__":
    main()
