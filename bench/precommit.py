"""The pre-commit hook's cost: ``iacgate pre-commit FILE`` as the hook runs it, whole process.

Usage:
    python bench/precommit.py [--runs 9] [--compare SRC]

Runs from each corpus repository's root (as pre-commit does) with one changed file: a manifest
of kubernetes-goat (judged with every other manifest of the repository as context) and a
``.tf`` file of terragoat's AWS module (its whole directory read). Prints the median and the
spread of the wall time, the median CPU time, and the peak RSS (the kernel's accounting of the
child). With ``--compare SRC`` (another checkout's source tree, e.g. ``git archive main | tar
-x -C SRC``) the two versions run alternately, so that a busy machine slows both alike.

The ``.tf`` case runs three ways: with the parse cache warm (the hook's usual commit: the
module's other files were parsed by an earlier commit), cold (an empty cache directory each run:
the first commit, parsing and writing every file) and with ``--no-cache``. Each run gets its own
``XDG_CACHE_HOME`` under a temporary directory, never the user's cache. Python's bytecode is
written and used as an installed package's is (``PYTHONDONTWRITEBYTECODE`` is dropped): a run
that compiles every module measures the compiler.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
CASES = (
    (
        "one manifest, kubernetes-goat",
        CORPUS / "kubernetes-goat",
        "scenarios/health-check/deployment.yaml",
    ),
    ("one .tf, terragoat's aws module", CORPUS / "terragoat", "terraform/aws/ec2.tf"),
)
TERRAFORM_MODES = ("warm cache", "cold cache", "--no-cache")


def run_once(
    cwd: Path, file: str, source: str | None = None, mode: str = "", cache: Path | None = None
) -> tuple[float, float, int, float]:
    script = shutil.which("iacgate") or str(Path(sys.executable).parent / "iacgate")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("IACGATE_NO_CACHE", None)
    if source is not None:
        env["PYTHONPATH"] = source
    scratch = Path(tempfile.mkdtemp(prefix="iacgate-bench-"))
    env["XDG_CACHE_HOME"] = str(cache if mode == "warm cache" and cache else scratch)
    extra = ["--no-cache"] if mode == "--no-cache" else []
    started = time.perf_counter()
    process = subprocess.Popen(
        [script, "pre-commit", "--no-config", "--fail-on", "none", *extra, file],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    shutil.rmtree(scratch, ignore_errors=True)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), cpu


def _row(name: str, samples: list[tuple[float, float, int, float]]) -> str:
    walls = [s[0] for s in samples]
    cpu = statistics.median(s[3] for s in samples)
    return (
        f"{name:48} {statistics.median(walls):8.3f} {min(walls):7.3f} {max(walls):7.3f} "
        f"{cpu:7.3f} {max(s[1] for s in samples):7.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--compare", default=None, help="another source tree to run alternately")
    args = parser.parse_args()
    # CPU time (user + system, median) is what a busy machine changes least.
    print(f"{'case':48} {'median':>8} {'min':>7} {'max':>7} {'cpu':>7} {'rss MB':>7}")
    versions: list[tuple[str, str | None]] = [("", None)]
    if args.compare:
        versions.append((" [compare]", args.compare))
    warm = Path(tempfile.mkdtemp(prefix="iacgate-bench-warm-"))
    try:
        for name, cwd, file in CASES:
            if not (cwd / file).is_file():
                print(f"{name:48} (missing: {cwd / file})")
                continue
            modes = TERRAFORM_MODES if file.endswith(".tf") else ("",)
            # The compared version runs as it is (it may predate the cache and --no-cache).
            runs = [
                (f"{label}{f' [{m}]' if m else ''}", source, m)
                for label, source in versions
                for m in (modes if source is None else ("",))
            ]
            found: dict[str, list[tuple[float, float, int, float]]] = {
                label: [] for label, *_ in runs
            }
            for _, source, mode in runs:
                # Warm the bytecode and the page cache (and the warm parse cache).
                run_once(cwd, file, source, mode, warm)
            for _ in range(args.runs):
                for label, source, mode in runs:
                    found[label].append(run_once(cwd, file, source, mode, warm))
            for label, samples in found.items():
                assert all(s[2] == 0 for s in samples), samples
                print(_row(name + label, samples))
    finally:
        shutil.rmtree(warm, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
