"""API benchmark: gunicorn on loopback against PostgreSQL holding an archive of stories.

Cases, interleaved round by round and each compared with its floor (the same bytes as the case
answers, precomputed, answered at the place in the middleware stack where cached answers leave:
see tests/benchmarks/floor.py; the mix's floor answers every path of the mix in the same order),
all on servers with the same worker count:
detail with the cache off, detail with it warm, a conditional request answered 304, and a list
page of 20 with the cache warm and off. Throttling is off on these servers (a proxy usually
limits rates).

    python -m tests.benchmarks.api [--quick]
"""

import json
import random
import statistics
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.benchmarks import floor, servers
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
    return [_result(name, summary, stories) for name in TARGETS]


LIST = "/api/v1/articles/?page_size=20"
# Each case's floor answers the same bytes as the case, from the same place in the stack.
FLOORS = ("floor: detail", "floor: list of 20", "floor: mix")


def _floor_of(case: str) -> str:
    if case.startswith("mix"):
        return "floor: mix"
    return "floor: list of 20" if case.startswith("list") else "floor: detail"


def _measure(env: dict, slug: str, *, seconds: float, rounds: int) -> dict[str, list]:
    """wrk samples of the floors and every case, interleaved over `rounds`."""
    folder = Path(tempfile.mkdtemp())
    samples: dict[str, list] = {name: [] for name in [*FLOORS, *TARGETS]}
    floor_env = {"BENCH_FLOOR_FILE": str(folder / "floor.json")}
    cold_env = {**env, **floor_env, "API_DETAIL_CACHE_SECONDS": "0"}
    with servers.gunicorn({**env, **floor_env}) as warm, servers.gunicorn(cold_env) as cold:
        detail = f"/api/v1/articles/{slug}/"
        etag = _fetch(f"{warm}{detail}")[1]["ETag"]
        mix = _mix_paths(folder, database=DATABASE)
        _record_floor(warm, folder, [detail, LIST, *Path(mix).read_text().split()])
        cases = {
            "floor: detail": (f"{warm}{floor.PREFIX}{detail}", ()),
            "floor: list of 20": (f"{warm}{floor.PREFIX}{LIST}", ()),
            "detail, cache warm": (f"{warm}{detail}", ()),
            "304 Not Modified": (f"{warm}{detail}", (f"If-None-Match: {etag}",)),
            "detail, cache off": (f"{cold}{detail}", ()),
            "list of 20, cache warm": (f"{warm}{LIST}", ()),
            "list of 20, cache off": (f"{cold}{LIST}", ()),
        }
        for url, extra in cases.values():  # warm up every worker and connection
            wrk(url, seconds=1, headers=extra)
        for _ in range(rounds):
            for name, (url, extra) in cases.items():
                samples[name].append(wrk(url, seconds=seconds, headers=extra))
            samples["floor: mix"].append(wrk(warm, seconds=seconds, paths=f"{mix}.floor"))
            _fetch_all(warm, Path(mix).read_text().split())  # warm again after the last flush
            samples["mix, cache warm"].append(wrk(warm, seconds=seconds, paths=mix))
            samples["mix, cache off"].append(wrk(cold, seconds=seconds, paths=mix))
            servers.flush_cache(env)
            samples["mix, right after a cache flush"].append(wrk(warm, seconds=seconds, paths=mix))
    return samples


def _fetch_all(base: str, paths: list[str]) -> dict[str, bytes]:
    """Every path's body, eight requests at a time; each must answer 200 with a body."""
    unique = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = pool.map(lambda path: _fetch(f"{base}{path}")[0], unique)
        bodies = dict(zip(unique, answers, strict=True))
    assert all(bodies.values())
    return bodies


def _record_floor(base: str, folder: Path, paths: list[str]) -> None:
    """Ask for every path once, eight at a time (which also puts each in the cache), and record
    the bodies as the floor's (`floor.json`), and the mix's paths under the floor's prefix
    (`mix.txt.floor`). Every answer must be 200: a mix path that is not public would measure
    the 404 page, not the API."""
    bodies = _fetch_all(base, paths)
    (folder / "floor.json").write_text(json.dumps({p: b.decode() for p, b in bodies.items()}))
    mix = (folder / "mix.txt").read_text().split()
    (folder / "mix.txt.floor").write_text("".join(f"{floor.PREFIX}{path}\n" for path in mix))


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


def _result(name: str, summary: dict, stories: int) -> Result:
    target, figures = TARGETS[name], summary[name]
    floor_name = _floor_of(name)
    floor = summary[floor_name]
    ratio = figures["rps"] / floor["rps"]
    return Result(
        case=f"API {name} ({stories:,} stories)",
        figure=(
            f"{figures['rps']:.0f} req/s (min {figures['rps_range'][0]:.0f}, max "
            f"{figures['rps_range'][1]:.0f}), p50 {figures['p50']:.2f} ms, "
            f"p99 {figures['p99']:.2f} ms"
        ),
        baseline=f"{floor_name} {floor['rps']:.0f} req/s, p50 {floor['p50']:.2f} ms",
        ratio=ratio,
        target=f">= {target}",
        met=Result.check(ratio, f">= {target}") and figures["errors"] == 0,
    )


if __name__ == "__main__":
    standalone("api", run, __doc__)
