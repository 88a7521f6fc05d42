"""API benchmark: gunicorn on loopback against PostgreSQL holding an archive of stories.

Cases, interleaved round by round and each compared with the floor (the same story's bytes,
precomputed, answered at the place in the middleware stack where cached answers leave: see
tests/benchmarks/floor.py), all on servers with the same worker count:
detail with the cache off, detail with it warm, a conditional request answered 304, and a list
page of 20 with the cache warm and off. Throttling is off on these servers (a proxy usually
limits rates).

    python -m tests.benchmarks.api [--quick]
"""

import random
import statistics
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.benchmarks import servers
from tests.benchmarks.common import Result, standalone
from tests.benchmarks.load import wrk

DATABASE = "newsroom_bench"
TARGETS = {
    "mix, cache warm": 0.8,
    "mix, right after a cache flush": 0.2,
    "mix, cache off": 0.2,
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
    env = servers.archive_database(DATABASE, stories)
    samples = _measure(env, f"archive-{stories // 2}", seconds=seconds, rounds=rounds)
    summary = {
        name: {
            "rps": statistics.median(s.requests_per_second for s in runs),
            "rps_range": (
                min(s.requests_per_second for s in runs),
                max(s.requests_per_second for s in runs),
            ),
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
        mix = _mix_paths(floor_file.parent, database=DATABASE)
        for url, extra in cases.values():  # warm up every worker and connection
            wrk(url, seconds=1, headers=extra)
        _ask_for_each(warm, mix)  # every path of the mix once in the cache
        for _ in range(rounds):
            for name, (url, extra) in cases.items():
                samples[name].append(wrk(url, seconds=seconds, headers=extra))
            samples["mix, cache warm"].append(wrk(warm, seconds=seconds, paths=mix))
            samples["mix, cache off"].append(wrk(cold, seconds=seconds, paths=mix))
            servers.flush_cache(env)
            samples["mix, right after a cache flush"].append(wrk(warm, seconds=seconds, paths=mix))
    return samples


def _ask_for_each(base: str, paths_file: str) -> None:
    """Every path once, eight at a time, each answered 200 (a mix path that is not public would
    measure the 404 page, not the API)."""
    paths = Path(paths_file).read_text().split()
    with ThreadPoolExecutor(max_workers=8) as pool:
        for body, _headers in pool.map(lambda path: _fetch(f"{base}{path}"), paths):
            assert body


def _mix_paths(folder: Path, *, database: str) -> str:
    """What readers ask for, in a shuffled order: 1,000 published stories by slug and filtered
    list pages (sections, tags, page sizes), each list ten times as often as a story."""
    rng = random.Random(7)
    slugs = servers.psql(
        "SELECT slug FROM articles_article WHERE status = 'published' "
        "AND (embargo_until IS NULL OR embargo_until < now()) AND killed_at IS NULL "
        "AND slug LIKE 'archive-%' ORDER BY md5(slug) LIMIT 1000",
        database,
    ).split()
    paths = [f"/api/v1/articles/{slug}/" for slug in slugs]
    lists = ["?page_size=20", "?page_size=10", "?page_size=50"]
    lists += [f"?section={s}" for s in ("health", "science", "culture", "business")]
    lists += [f"?tag={t}" for t in ("council", "harbour", "ferry", "minister", "budget")]
    lists += [f"?section=health&tag={t}&page_size=20" for t in ("council", "budget")]
    paths += [f"/api/v1/articles/{query}" for query in lists] * 10
    rng.shuffle(paths)
    target = folder / "mix.txt"
    target.write_text("\n".join(paths) + "\n")
    return str(target)


def _result(name: str, figures: dict, floor: dict, stories: int) -> Result:
    target = TARGETS[name]
    ratio = figures["rps"] / floor["rps"]
    return Result(
        case=f"API {name} ({stories:,} stories)",
        figure=(
            f"{figures['rps']:.0f} req/s (min {figures['rps_range'][0]:.0f}, max "
            f"{figures['rps_range'][1]:.0f}), p50 {figures['p50']:.2f} ms, "
            f"p99 {figures['p99']:.2f} ms"
        ),
        baseline=f"floor {floor['rps']:.0f} req/s, p50 {floor['p50']:.2f} ms",
        ratio=ratio,
        target=f">= {target}",
        met=Result.check(ratio, f">= {target}") and figures["errors"] == 0,
    )


if __name__ == "__main__":
    standalone("api", run, __doc__)
