"""HTTP load with wrk: requests per second and latency percentiles."""

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MIX_SCRIPT = Path(__file__).with_name("mix.lua")

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int = 16,
    threads: int = 2,
    headers=(),
    paths: str | None = None,
) -> Load:
    """Load on `url`; with `paths` (a file of one path per line), on those paths in turn."""
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    env = None
    if paths:
        args[1:1] = ["-s", str(MIX_SCRIPT)]
        env = {**os.environ, "BENCH_PATHS": paths}
    for header in headers:
        args[1:1] = ["-H", header]
    output = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(rps, p50, p99, errors + (int(non2xx.group(1)) if non2xx else 0))
