"""Two or more checkouts of iacgate on one target, interleaved: which version is faster.

Usage:
    python bench/versions.py [--runs 11] [--scan-arg ARG ...] TARGET CHECKOUT [CHECKOUT ...]

Each CHECKOUT is a directory holding its own ``.venv`` with iacgate installed (``pip install -e
.``). The checkouts' ``iacgate scan --format json --fail-on none`` runs on TARGET take turns, so
that a slow spell of the machine hits them alike; the table gives the minimum and the median of
each one's wall and CPU time (user + system, from ``os.wait4``). On a machine whose speed
swings, the minimum is the figure to compare versions by.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("target")
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument(
        "--scan-arg", action="append", default=[], help="an argument for iacgate scan (repeatable)"
    )
    options = parser.parse_args()
    extra = options.scan_arg
    samples: dict[Path, list[tuple[float, float]]] = {c: [] for c in options.checkouts}
    for _ in range(options.runs):
        for checkout in options.checkouts:
            command = [str(checkout / ".venv" / "bin" / "iacgate"), "scan", "--format", "json"]
            command += ["--fail-on", "none", *extra, options.target]
            start = time.perf_counter()
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
            )
            _, _, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            samples[checkout].append((wall, usage.ru_utime + usage.ru_stime))
    print(f"{'checkout':40} {'wall min':>9} {'median':>8} {'cpu min':>9} {'median':>8}")
    for checkout, runs in samples.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{checkout!s:40} {min(walls):9.3f} {statistics.median(walls):8.3f}"
            f" {min(cpus):9.3f} {statistics.median(cpus):8.3f}"
        )


if __name__ == "__main__":
    main()
