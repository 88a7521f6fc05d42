"""Run the benchmarks: one Markdown table on stdout, one JSON file with every result, and the
scale benchmark's chart of latency against archive size (var/benchmarks/).

python -m tests.benchmarks [--quick] [NAME ...]
"""

import argparse
import importlib
import os
import sys

from tests.benchmarks.common import table, write

BENCHMARKS = [
    "renditions",
    "api",
    "parser",
    "diff",
    "scale",
    "ingest",
    "workers",
    "distribution",
]


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the Newsroom benchmarks.")
    parser.add_argument("--quick", action="store_true", help="Small sizes, a minute or two.")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(BENCHMARKS)}")
    arguments = parser.parse_args()
    unknown = set(arguments.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(sorted(unknown))}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    results = []
    for name in arguments.names or BENCHMARKS:
        print(f"== {name}", file=sys.stderr)
        results += importlib.import_module(f"tests.benchmarks.{name}").run(quick=arguments.quick)
    print(table(results))
    print(f"written: {write('all', results, {'quick': arguments.quick})}", file=sys.stderr)


if __name__ == "__main__":
    main()
