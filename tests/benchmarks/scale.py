"""Scale benchmark: the same requests against a small archive and a large one, in PostgreSQL.

Each round runs the probe (`scale_probe`) once per archive size, sizes alternating, so that
both sides share the machine's state; the figure of each case is its median over the rounds.
Both databases are read into the operating system's cache first (a million stories take about
6 GB here, of 24 GB): a database server holds its data in memory; this measures the queries and
indexes, not the disk. PostgreSQL's own shared buffers stay at the server's setting (128 MB
here), so a large archive still pays for pages it has not touched lately.
Target: every case at the large size within 1.25x of its time at the small one (search 2x).
Also draws latency against archive size as a PNG chart.

    python -m tests.benchmarks.scale [--quick]
"""

import json
import random
import statistics
import subprocess
import sys

from tests.benchmarks import servers
from tests.benchmarks.common import OUTPUT_DIR, Result, standalone
from tests.benchmarks.scale_probe import CASES

TARGETS = {case: "<= 1.25" for case in CASES} | {
    "API full-text search": "<= 2.0",
    "admin list, search": "<= 2.0",
}


def _probe(env: dict, stories: int, requests: int, seed: int) -> dict[str, float]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.scale_probe",
            "--stories",
            str(stories),
            "--requests",
            str(requests),
            "--seed",
            str(seed),
        ],
        cwd=servers.PROJECT_DIR,
        env={
            **env,
            "API_DETAIL_CACHE_SECONDS": "0",
            "REDIS_URL": "",
            "ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"the scale probe failed at {stories:,} stories:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def chart(sizes: list[int], latencies: dict[str, list[float]], path) -> None:
    """Latency of every case against archive size, on logarithmic axes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot, ticker

    figure, axes = pyplot.subplots(figsize=(11, 5.5), dpi=110)
    for case, values in latencies.items():
        axes.plot(sizes, values, marker="o", label=case)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
    axes.yaxis.set_minor_formatter(ticker.NullFormatter())
    axes.set_yticks([1, 2, 5, 10, 20, 50])
    axes.set_xlabel("stories in the archive")
    axes.set_ylabel("median latency (ms)")
    axes.set_title("Newsroom: latency against archive size (2 cores, PostgreSQL)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.02, 0.5))
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def run(*, quick: bool = False) -> list[Result]:
    servers.require_services()
    sizes = [1_000, 20_000] if quick else [1_000, 1_000_000]
    rounds, requests = (1, 10) if quick else (3, 30)
    envs = {size: servers.archive_database(f"newsroom_scale_{size}", size) for size in sizes}
    for size in sizes:
        servers.warm_database(f"newsroom_scale_{size}")
    samples: dict[int, list[dict]] = {size: [] for size in sizes}
    for _ in range(rounds):
        seed = random.randrange(1 << 30)
        for size in sizes:
            samples[size].append(_probe(envs[size], size, requests, seed))
    medians = {
        size: {case: statistics.median(r[case] for r in rounds_) for case in CASES}
        for size, rounds_ in samples.items()
    }
    small, large = sizes
    for case in CASES:
        figures = "  ".join(f"{size:>9,}: {medians[size][case]:7.2f} ms" for size in sizes)
        print(f"   {case:>22}  {figures}", file=sys.stderr)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    chart_path = OUTPUT_DIR / "scale.png"
    chart(sizes, {case: [medians[size][case] for size in sizes] for case in CASES}, chart_path)
    print(f"   chart: {chart_path}", file=sys.stderr)
    results = []
    for case in CASES:
        ratio = medians[large][case] / medians[small][case]
        results.append(
            Result(
                case=f"scale: {case} ({large:,} stories)",
                figure=f"{medians[large][case]:.2f} ms",
                baseline=f"{medians[small][case]:.2f} ms at {small:,} stories",
                ratio=ratio,
                target=TARGETS[case],
                met=Result.check(ratio, TARGETS[case]),
            )
        )
    return results


if __name__ == "__main__":
    standalone("scale", run, __doc__)
