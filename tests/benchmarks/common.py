"""What every benchmark shares: a result row, a Markdown table and a JSON file."""

import json
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

OUTPUT_DIR = Path(__file__).resolve().parents[2] / "var" / "benchmarks"


@dataclass
class Result:
    case: str
    figure: str  # what was measured, with its unit
    baseline: str  # what it is compared with, measured in the same run
    ratio: float
    target: str  # e.g. ">= 5.0" or "<= 1.25"
    met: bool | None  # None: reported, no target

    @staticmethod
    def check(ratio: float, target: str) -> bool:
        operator, value = target.split()
        return ratio >= float(value) if operator == ">=" else ratio <= float(value)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _ratio(value: float) -> str:
    return f"{value:.2f}" if value >= 0.1 else f"{value:.4f}"


def table(results: list[Result]) -> str:
    lines = [
        "| case | figure | baseline | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        met = "n/a" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.case} | {r.figure} | {r.baseline} | {_ratio(r.ratio)} | {r.target or '—'} "
            f"| {met} |"
        )
    return "\n".join(lines)


def write(name: str, results: list[Result], extra: dict | None = None) -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUTPUT_DIR / f"{name}.json"
    payload = {
        "machine": {
            "cpus": _cpus(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "results": [asdict(r) for r in results],
        **(extra or {}),
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return path


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def django_setup() -> None:
    """For a benchmark that uses the project's code in its own process (no database)."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()


def standalone(name: str, run, doc: str) -> None:
    """`python -m tests.benchmarks.<name> [--quick]`: one benchmark on its own."""
    import argparse
    import os
    import sys

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small sizes, end to end.")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    results = run(quick=arguments.quick)
    print(table(results))
    print(f"written: {write(name, results)}", file=sys.stderr)
