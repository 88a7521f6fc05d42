"""Comparing two revisions of the longest stories a desk writes: 10,000 words, with an edit
in every eighth paragraph (and the same story as one long paragraph), through
`articles.diff.snapshot_diff` as the admin's compare page calls it.

The baseline, timed in the same run, is the least any comparison does: escaping both texts
for the page. The target is absolute: well under a second, at most 250 ms.

    python -m tests.benchmarks.diff [--quick]
"""

import random
import sys
import time

from django.utils.html import escape

from tests.benchmarks.common import Result, median_ms, standalone

TARGET_MS = 250
WORDS = "the harbour council ferry said on monday after talks plans figures report".split()


def _revisions(joiner: str) -> tuple[dict, dict]:
    rnd = random.Random(11)
    paragraphs = [
        " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(50, 80))) + "." for _ in range(160)
    ]
    edited = list(paragraphs)
    for index in range(0, len(edited), 8):
        words = edited[index].split()
        words[rnd.randrange(len(words))] = "zeppelin"
        edited[index] = " ".join(words)
    snapshot = {
        "headline": "Harbour talks",
        "standfirst": "",
        "byline": "",
        "dateline_place": "",
        "dateline_date": "",
        "agency": "",
        "briefs": [],
        "photos": [],
    }
    return {**snapshot, "body": joiner.join(paragraphs)}, {**snapshot, "body": joiner.join(edited)}


def _time(function, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return median_ms(samples)


def run(*, quick: bool = False) -> list[Result]:
    from articles.diff import snapshot_diff

    rounds = 3 if quick else 15
    results = []
    for shape, joiner in (("160 paragraphs", "\n\n"), ("one paragraph", " ")):
        old, new = _revisions(joiner)
        words = len(old["body"].split())
        diff_ms = _time(lambda: snapshot_diff(old, new), rounds)  # noqa: B023
        floor_ms = _time(lambda: (escape(old["body"]), escape(new["body"])), rounds)  # noqa: B023
        print(
            f"   compare ({shape}): {diff_ms:.1f} ms; escaping {floor_ms:.2f} ms", file=sys.stderr
        )
        results.append(
            Result(
                case=f"compare two revisions of {words:,} words, 20 scattered edits ({shape})",
                figure=f"{diff_ms:.0f} ms",
                baseline=f"escaping both texts {floor_ms:.1f} ms",
                ratio=diff_ms / TARGET_MS,
                target="<= 1.0",
                met=diff_ms <= TARGET_MS,
            )
        )
    return results


if __name__ == "__main__":
    standalone("diff", run, __doc__)
