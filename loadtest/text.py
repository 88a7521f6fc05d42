"""The generated stories of the load-test archive, as plain dicts: seeded, so that the same
seed gives the same stories, and cheap enough for a million of them.

Each story: `number`, `status`, `headline`, `standfirst`, `body` (paragraphs separated by blank
lines), `words`, `agency`, `place`, `date`, `section` and `tags` (indexes into `SECTIONS` and
`TAGS`), `published` (datetime), `updated`, `corrected` (bools), `briefs` (list of str),
`caption`.
"""

import random
from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from articles.models import Article

PLACES = ["BERGHAVEN", "NORDVIK", "SALTMARSH", "EASTPORT", "KALDERA", "RIVERTON", "MOSSBANK"]
AGENCIES = ["Northwind Press", "Harbour Wire", "Coastline News", "Meridian Agency"]
_NOUNS = [
    "council",
    "harbour",
    "ferry",
    "minister",
    "budget",
    "union",
    "port",
    "bridge",
    "station",
    "market",
    "school",
    "hospital",
    "court",
    "river",
    "storm",
    "plan",
    "vote",
    "tariff",
    "grain",
    "railway",
    "airport",
    "museum",
    "festival",
    "election",
]
_VERBS = [
    "approves",
    "delays",
    "opens",
    "closes",
    "rejects",
    "backs",
    "announces",
    "reviews",
    "extends",
    "cuts",
    "expands",
    "suspends",
    "restores",
    "questions",
    "defends",
]
_WORDS = [
    "the",
    "a",
    "new",
    "local",
    "regional",
    "national",
    "officials",
    "residents",
    "workers",
    "engineers",
    "said",
    "on",
    "monday",
    "tuesday",
    "after",
    "before",
    "during",
    "weeks",
    "months",
    "talks",
    "plans",
    "figures",
    "report",
    "expected",
    "support",
    "funding",
    "agreement",
    "decision",
    "protest",
    "measures",
    "services",
    "delays",
    "costs",
    "safety",
    "court",
    "ruling",
    "and",
    "but",
    "while",
    "with",
    "without",
    "under",
    "over",
    "into",
    "from",
    "for",
    "of",
    "to",
    "in",
    "at",
    "by",
]
_MONTHS = [
    "Jan",
    "Feb",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]
SECTIONS = ["World", "Business", "Politics", "Science", "Sport", "Culture", "Health", "Technology"]
TAGS = [noun.capitalize() for noun in _NOUNS]
# A fixed share of stories is not public: found by number, so that benchmarks pick public ones.
_DRAFT, _TAKEN_DOWN = 42, 71


def archive_status(number: int) -> str:
    rest = number % 100
    if rest == _DRAFT:
        return Article.Status.DRAFT
    if rest == _TAKEN_DOWN:
        return Article.Status.UNPUBLISHED
    return Article.Status.PUBLISHED


def published_number(number: int) -> int:
    """The first archive story from `number` on that the public can see."""
    while archive_status(number) != Article.Status.PUBLISHED:
        number += 1
    return number


def _sentence(rnd: random.Random, words: int) -> str:
    text = " ".join(rnd.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _headline(rnd: random.Random, number: int) -> str:
    noun, verb, other = rnd.choice(_NOUNS), rnd.choice(_VERBS), rnd.choice(_NOUNS)
    return f"{noun.capitalize()} {verb} {other} plan, report {number}"


def stories(count: int, *, seed: int, start_number: int) -> Iterator[dict]:
    """`count` stories numbered from `start_number`, the last published ten minutes ago and
    each earlier one ten minutes before the next."""
    rnd = random.Random(seed)
    # Paragraphs are drawn from a pool of generated sentences: the same vocabulary and lengths
    # as writing each one afresh, at a fraction of the cost for a million stories.
    pool = [_sentence(rnd, rnd.randint(20, 40)) for _ in range(4096)]
    briefs = [_sentence(rnd, 14) for _ in range(1024)]
    now = timezone.now()
    for offset in range(count):
        number = start_number + offset
        paragraphs = rnd.choices(pool, k=rnd.randint(6, 12))
        chance = rnd.random()
        yield {
            "number": number,
            "status": archive_status(number),
            "headline": _headline(rnd, number),
            "standfirst": rnd.choice(pool),
            "body": "\n\n".join(paragraphs),
            "words": sum(p.count(" ") + 1 for p in paragraphs),
            "agency": rnd.choice(AGENCIES),
            "place": rnd.choice(PLACES),
            "date": f"{rnd.choice(_MONTHS)} {rnd.randint(1, 28)}",
            "section": rnd.randrange(len(SECTIONS)),
            "tags": rnd.sample(range(len(TAGS)), rnd.randint(0, 3)),
            "published": now - timedelta(minutes=10 * (start_number + count - offset)),
            "updated": chance < 0.3,
            "corrected": 0.3 <= chance < 0.33,
            "briefs": rnd.choices(briefs, k=rnd.choice((0, 0, 2, 3, 4))),
            "caption": rnd.choice(briefs),
        }
