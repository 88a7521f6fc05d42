"""API benchmark: gunicorn on loopback against PostgreSQL holding an archive of stories.

Cases, interleaved round by round and each compared with the floor (a plain Django view that
returns the same story's bytes, precomputed), all on servers with the same worker count:
detail with the cache off, detail with it warm, a conditional request answered 304, and a list
page of 20 with the cache warm and off. Throttling is off on these servers (a proxy usually
limits rates).

    python -m tests.benchmarks.api [--quick]
"""

import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests.benchmarks import servers
from tests.benchmarks.common import Result, standalone
from tests.benchmarks.load import wrk

TARGETS = {
    "detail, cache warm": 0.8,
    "304 Not Modified": 0.8,
    "detail, cache off": 0.15,
    "list of 20, cache warm": 0.1,
    "list of 20, cache off": 0.1,
}


def _fetch(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), dict(response.headers)


def run(*, quick: bool = False, stories: int | None = None) -> list[Result]:
    servers.require_services()
    stories = stories or (1_000 if quick else 10_000)
    seconds, rounds = (2, 1) if quick else (8, 3)
    env = servers.archive_database("newsroom_bench", stories)
    samples = _measure(env, f"archive-{stories // 2}", seconds=seconds, rounds=rounds)
    summary = {
        name: {
            "rps": statistics.median(s.requests_per_second for s in runs),
            "p50": statistics.median(s.p50_ms for s in runs),
            "p99": statistics.median(s.p99_ms for s in runs),
            "errors": sum(s.errors for s in runs),
        }
        for name, runs in samples.items()
    }
    for name, figures in summary.items():
        print(
            f"   {name:>20}: {figures['rps']:8.0f} req/s  p50 {figures['p50']:6.2f} ms  "
            f"p99 {figures['p99']:6.2f} ms  errors {figures['errors']}",
            file=sys.stderr,
        )
    return [_result(name, summary[name], summary["floor"], stories) for name in TARGETS]


def _measure(env: dict, slug: str, *, seconds: float, rounds: int) -> dict[str, list]:
    """wrk samples of the floor and every case, interleaved over `rounds`."""
    floor_file = Path(tempfile.mkdtemp()) / "floor.json"
    samples: dict[str, list] = {name: [] for name in ["floor", *TARGETS]}
    cold_env = {**env, "API_DETAIL_CACHE_SECONDS": "0", "BENCH_FLOOR_FILE": str(floor_file)}
    warm_env = {**env, "BENCH_FLOOR_FILE": str(floor_file)}
    with servers.gunicorn(warm_env) as warm, servers.gunicorn(cold_env) as cold:
        body, headers = _fetch(f"{warm}/api/v1/articles/{slug}/")
        floor_file.write_bytes(body)
        etag = headers["ETag"]
        cases = {
            "floor": (f"{warm}/bench/floor/", ()),
            "detail, cache warm": (f"{warm}/api/v1/articles/{slug}/", ()),
            "304 Not Modified": (f"{warm}/api/v1/articles/{slug}/", (f"If-None-Match: {etag}",)),
            "detail, cache off": (f"{cold}/api/v1/articles/{slug}/", ()),
            "list of 20, cache warm": (f"{warm}/api/v1/articles/?page_size=20", ()),
            "list of 20, cache off": (f"{cold}/api/v1/articles/?page_size=20", ()),
        }
        for url, extra in cases.values():  # warm up every worker and connection
            wrk(url, seconds=1, headers=extra)
        for _ in range(rounds):
            for name, (url, extra) in cases.items():
                samples[name].append(wrk(url, seconds=seconds, headers=extra))
    return samples


def _result(name: str, figures: dict, floor: dict, stories: int) -> Result:
    target = TARGETS[name]
    ratio = figures["rps"] / floor["rps"]
    return Result(
        case=f"API {name} ({stories:,} stories)",
        figure=(
            f"{figures['rps']:.0f} req/s, p50 {figures['p50']:.2f} ms, p99 {figures['p99']:.2f} ms"
        ),
        baseline=f"floor {floor['rps']:.0f} req/s, p50 {floor['p50']:.2f} ms",
        ratio=ratio,
        target=f">= {target}",
        met=Result.check(ratio, f">= {target}") and figures["errors"] == 0,
    )


if __name__ == "__main__":
    standalone("api", run, __doc__)
