"""Distribution benchmark: deliveries through Redis and two worker processes, against a
receiver on loopback, with PostgreSQL.

- One update fanned out to 100 subscribers: seconds from the editor's save until the receiver
  has all 100 signed deliveries, against 100 no-op tasks through the same broker and workers.
- Sustained deliveries per second: updates to many stories, each delivered to 20 subscribers,
  against as many no-op tasks.

    python -m tests.benchmarks.distribution [--quick]
"""

import json
import subprocess
import sys

from tests.benchmarks import servers
from tests.benchmarks.common import Result, standalone

DATABASE = "newsroom_distribution_bench"


def run(*, quick: bool = False) -> list[Result]:
    servers.require_services()
    subscribers, stories, fanned = (100, 10, 10) if quick else (100, 100, 20)
    sizes = ["--subscribers", str(subscribers), "--stories", str(stories)]
    sizes += ["--fanned", str(fanned)]
    broker = f"{servers.REDIS}/7"
    subprocess.run(["redis-cli", "-u", broker, "FLUSHDB"], capture_output=True, check=True)
    env = {
        **servers.archive_database(DATABASE, 0),
        "CELERY_BROKER_URL": broker,
        "DISTRIBUTION_ALLOWED_NETWORKS": "127.0.0.0/8",
    }
    try:
        with servers.celery_worker(env, queues="default,deliveries", concurrency=2):
            result = subprocess.run(
                [sys.executable, "-m", "tests.benchmarks.distribution_probe", *sizes],
                cwd=servers.PROJECT_DIR,
                env=env,
                capture_output=True,
                text=True,
            )
        if result.returncode:
            raise RuntimeError(f"distribution_probe failed:\n{result.stderr}")
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["redis-cli", "-u", broker, "FLUSHDB"], capture_output=True, check=False)
    return _results(subscribers, stories * fanned, fanned, figures)


def _results(subscribers: int, deliveries: int, fanned: int, f: dict) -> list[Result]:
    print(
        f"   fan-out to {subscribers}: {f['fan_out_seconds']:.2f}s "
        f"(no-op tasks {f['fan_out_noop_seconds']:.2f}s); sustained "
        f"{f['deliveries_per_second']:,.0f}/s (no-op {f['noop_per_second']:,.0f}/s)",
        file=sys.stderr,
    )
    return [
        Result(
            case=f"distribution: one update fanned out to {subscribers} subscribers, "
            "Redis + 2 worker processes",
            figure=f"{f['fan_out_seconds']:.2f} s to the last delivery",
            baseline=f"{subscribers} no-op tasks {f['fan_out_noop_seconds']:.2f} s",
            ratio=f["fan_out_noop_seconds"] / f["fan_out_seconds"],
            target="",
            met=None,
        ),
        Result(
            case=f"distribution: {deliveries:,} deliveries ({fanned} subscribers per update), "
            "Redis + 2 worker processes",
            figure=f"{f['deliveries_per_second']:,.0f} deliveries/s",
            baseline=f"no-op tasks {f['noop_per_second']:,.0f}/s",
            ratio=f["deliveries_per_second"] / f["noop_per_second"],
            target="",
            met=None,
        ),
    ]


if __name__ == "__main__":
    standalone("distribution", run, __doc__)
