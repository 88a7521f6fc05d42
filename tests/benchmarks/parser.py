"""Wire parser throughput on one core, for stories of the shared sample's size.

The baseline, timed in the same run, is the least any reader of the copy does: decode the
bytes and split them into blocks. The target is absolute: at least 2,000 stories a second.

    python -m tests.benchmarks.parser [--quick]
"""

import random
import re
import sys
import time
from pathlib import Path

from articles.wire import parse
from tests.benchmarks.common import Result, standalone

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "wire-samples" / "kyiv-nato-visit.txt"
TARGET_PER_SECOND = 2000


def _copy() -> bytes:
    if SAMPLE.exists():
        return SAMPLE.read_bytes()
    rnd = random.Random(7)
    words = "the council harbour ferry plan said on monday after talks with workers and officials"

    def _sentence(rnd, count):
        text = " ".join(rnd.choice(words.split()) for _ in range(count))
        return text.capitalize() + "."

    body = "\n\n".join(_sentence(rnd, 45) for _ in range(12))
    briefs = "\n\n".join(f"* {_sentence(rnd, 25)}" for _ in range(7))
    return (
        "UPDATED: Council approves the harbour plan\n\nReading Time: 4 minutes\n\n"
        f"BERGHAVEN, March 14 (Northwind Press) – {body}\n\nIn Other Developments\n\n{briefs}\n\n"
        f"{_sentence(rnd, 40)} NWP/ANNA DE VRIES\n"
    ).encode()


def _rate(function, data: bytes, seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(50):
            function(data)
        count += 50
    return count / elapsed


def _baseline(data: bytes):
    return re.split(r"\n\s*\n", data.decode("utf-8-sig"))


def run(*, quick: bool = False) -> list[Result]:
    data = _copy()
    parse(data)  # loads the language model once, as a long-running process has
    seconds, rounds = (0.5, 1) if quick else (2.0, 3)
    parsed, baseline = [], []
    for _ in range(rounds):
        parsed.append(_rate(parse, data, seconds))
        baseline.append(_rate(_baseline, data, seconds))
    per_second, base = max(parsed), max(baseline)
    print(f"   parser: {per_second:,.0f} stories/s; decode+split {base:,.0f}/s", file=sys.stderr)
    return [
        Result(
            case=f"wire parser, one core ({len(data):,} bytes a story)",
            figure=f"{per_second:,.0f} stories/s",
            baseline=f"decode and split {base:,.0f}/s",
            ratio=per_second / TARGET_PER_SECOND,
            target=">= 1.0",
            met=per_second >= TARGET_PER_SECOND,
        )
    ]


if __name__ == "__main__":
    standalone("parser", run, __doc__)
