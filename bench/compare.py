"""iacgate against checkov, side by side, as whole processes.

Usage:
    python bench/compare.py [--runs 5] [--only NAME ...] [--skip NAME ...]
                            [--checkov-timeout 900] [--no-checkov | --checkov PATH] [--scale 1]
                            [--long 60 --long-runs 1]

For each corpus in ../shared/corpus, each generated corpus (bench/generate.py) and the
single-changed-file pre-commit case of each format, the two tools run alternately, several
times; the table gives the median wall time, the peak RSS (from the kernel's accounting of each
child, os.wait4) and the ratio iacgate/checkov. checkov 3.3.30 is installed by this script into
its own virtualenv (bench/work/checkov-venv) from the package index on first use.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"  # not a dot-directory: checkov skips those
CORPUS = REPO.parent / "shared" / "corpus"
CHECKOV_VERSION = "3.3.30"
CHECKOV_VENV = WORK / "checkov-venv"


@dataclass(frozen=True)
class Case:
    name: str
    iacgate: list[str]  # arguments after `iacgate scan`
    checkov: list[str]  # arguments after `checkov`
    cwd: Path


@dataclass(frozen=True)
class Sample:
    wall: float
    rss_mb: float
    code: int


# Both tools run as users run them: with bytecode caches. (Some CI images export
# PYTHONDONTWRITEBYTECODE=1, which makes every process recompile every module it imports.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_bytecode(python: Path, *trees: Path) -> None:
    for tree in trees:
        subprocess.run(
            [str(python), "-m", "compileall", "-q", str(tree)],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


def run(command: list[str], cwd: Path, timeout: float | None) -> Sample:
    start = time.perf_counter()
    # Its own session: when it exits, anything it left running (worker processes) is found by
    # its process group and waited for, so the next tool never shares the CPUs with it.
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            os.killpg(process.pid, signal.SIGKILL)  # the tool and its workers
            pid, status, usage = os.wait4(process.pid, 0)
            return Sample(float("inf"), usage.ru_maxrss / 1024, -9)
        time.sleep(0.005)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    _wait_for_group(process.pid)
    return Sample(wall, usage.ru_maxrss / 1024, process.returncode)


def _wait_for_group(group: int, limit: float = 60.0) -> None:
    """Until no process of the finished run's group is left (at most ``limit`` seconds)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.01)


def checkov_binary() -> Path:
    binary = CHECKOV_VENV / "bin" / "checkov"
    if not binary.exists():
        print(f"installing checkov {CHECKOV_VERSION} into {CHECKOV_VENV} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(CHECKOV_VENV)], check=True)
        subprocess.run(
            [str(CHECKOV_VENV / "bin" / "pip"), "install", "-q", f"checkov=={CHECKOV_VERSION}"],
            check=True,
        )
    return binary


def iacgate_command() -> list[str]:
    script = Path(sys.executable).parent / "iacgate"
    return [str(script)] if script.exists() else [sys.executable, "-P", "-m", "iacgate"]


def first_file(directory: Path, suffixes: tuple[str, ...], contains: str = "") -> Path:
    for path in sorted(directory.rglob("*")):
        if (
            path.suffix in suffixes
            and path.is_file()
            and (not contains or contains in path.read_text(errors="replace"))
        ):
            return path
    raise SystemExit(f"no {suffixes} file under {directory}")


def generated_corpora(scale: int) -> dict[str, tuple[Path, str]]:
    """name -> (path, checkov framework) of bench/generate.py's corpora at ``scale``.

    Generated in a child process: on Linux a child's peak RSS (``ru_maxrss``) starts from its
    parent's size at fork, so a harness that grew while writing a large plan would inflate the
    memory figures of every tool it runs afterwards."""
    script, out = str(HERE / "generate.py"), str(WORK / "generated")
    done = subprocess.run(
        [sys.executable, script, out, "--scale", str(scale), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = json.loads(done.stdout)
    return {name: (Path(path), kind) for name, (path, kind) in listed.items()}


def cases(scale: int) -> list[Case]:
    generated = generated_corpora(scale)
    fw = "--framework"
    out = ["--quiet", "--compact", "-o", "json"]
    tf_file = first_file(CORPUS / "terragoat" / "terraform" / "aws", (".tf",), "resource")
    k8s_file = first_file(CORPUS / "kubernetes-goat", (".yaml",), "kind: Deployment")
    cfn_file = first_file(CORPUS / "aws-cloudformation-templates", (".yaml",), "AWS::S3::Bucket")
    plan_dir = CORPUS / "tfplan" / "checkov"
    listed = [
        Case(
            "one .tf file (pre-commit)",
            [str(tf_file)],
            ["-f", str(tf_file), fw, "terraform", *out],
            REPO,
        ),
        Case(
            "one manifest (pre-commit)",
            [str(k8s_file)],
            ["-f", str(k8s_file), fw, "kubernetes", *out],
            REPO,
        ),
        Case(
            "one template (pre-commit)",
            [str(cfn_file)],
            ["-f", str(cfn_file), fw, "cloudformation", *out],
            REPO,
        ),
        Case(
            "terragoat",
            [str(CORPUS / "terragoat")],
            ["-d", str(CORPUS / "terragoat"), fw, "terraform", *out],
            REPO,
        ),
        Case(
            "kubernetes-goat",
            [str(CORPUS / "kubernetes-goat")],
            ["-d", str(CORPUS / "kubernetes-goat"), fw, "kubernetes", *out],
            REPO,
        ),
        Case(
            "kubernetes-examples",
            [str(CORPUS / "kubernetes-examples")],
            ["-d", str(CORPUS / "kubernetes-examples"), fw, "kubernetes", *out],
            REPO,
        ),
        Case(
            "aws-cloudformation-templates",
            [str(CORPUS / "aws-cloudformation-templates")],
            ["-d", str(CORPUS / "aws-cloudformation-templates"), fw, "cloudformation", *out],
            REPO,
        ),
        Case(
            "tfplan/checkov",
            [str(plan_dir)],
            ["-d", str(plan_dir), fw, "terraform_plan", *out],
            REPO,
        ),
        Case(
            "terraform-aws-modules",
            [str(CORPUS / "terraform-aws-modules")],
            ["-d", str(CORPUS / "terraform-aws-modules"), fw, "terraform", *out],
            REPO,
        ),
    ]
    for name, (path, framework) in generated.items():
        flag = "-f" if path.is_file() else "-d"
        # A plan this size is scanned the way users scan plans: --plan (its own size limit).
        ours = ["--plan", str(path)] if framework == "terraform_plan" else [str(path)]
        listed.append(Case(f"generated {name}", ours, [flag, str(path), fw, framework, *out], REPO))
    return listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="case names (substring match)")
    parser.add_argument("--skip", nargs="*", default=[], help="case names (substring match)")
    parser.add_argument("--checkov-timeout", type=float, default=900.0)
    parser.add_argument(
        "--long", type=float, default=60.0, help="a checkov run over this many seconds is long"
    )
    parser.add_argument(
        "--long-runs", type=int, default=1, help="checkov runs per case when its runs are long"
    )
    parser.add_argument("--no-checkov", action="store_true")
    parser.add_argument("--checkov", type=Path, default=None, help="an installed checkov binary")
    parser.add_argument("--scale", type=int, default=1, help="size multiplier of generated corpora")
    options = parser.parse_args()
    sys.path.insert(0, str(HERE))
    WORK.mkdir(exist_ok=True)
    checkov = None if options.no_checkov else (options.checkov or checkov_binary())
    ours = iacgate_command()
    import sysconfig

    warm_bytecode(Path(sys.executable), REPO / "iacgate", REPO / "policy_packs")
    warm_bytecode(Path(sys.executable), Path(sysconfig.get_paths()["purelib"]))
    if checkov is not None:
        checkov_python = checkov.parent / "python"
        site = subprocess.run(
            [
                str(checkov_python),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if site:
            warm_bytecode(checkov_python, Path(site))
    header = f"{'case':42} {'iacgate s':>10} {'MB':>7} {'checkov s':>10} {'MB':>7} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for case in cases(options.scale):
        if options.only is not None and not any(o in case.name for o in options.only):
            continue
        if any(s in case.name for s in options.skip):
            continue
        mine: list[Sample] = []
        theirs: list[Sample] = []
        for _ in range(options.runs):
            mine.append(
                run(
                    [*ours, "scan", "--format", "json", "--fail-on", "none", *case.iacgate],
                    case.cwd,
                    None,
                )
            )
            # checkov runs that take minutes are repeated only --long-runs times.
            long = bool(theirs) and theirs[0].wall > options.long
            if (
                checkov is not None
                and (not theirs or theirs[-1].wall != float("inf"))
                and not (long and len(theirs) >= options.long_runs)
            ):
                theirs.append(run([str(checkov), *case.checkov], case.cwd, options.checkov_timeout))
        wall = statistics.median(s.wall for s in mine)
        rss = max(s.rss_mb for s in mine)
        if theirs:
            their_wall = statistics.median(s.wall for s in theirs)
            their_rss = max(s.rss_mb for s in theirs)
            ratio = f"{wall / their_wall:7.3f}" if their_wall != float("inf") else "  <tmo"
            shown = f"{their_wall:10.2f}" if their_wall != float("inf") else "   timeout"
            runs = f"  ({len(mine)}/{len(theirs)} runs)" if len(theirs) != len(mine) else ""
            print(f"{case.name:42} {wall:10.3f} {rss:7.0f} {shown} {their_rss:7.0f} {ratio}{runs}")
        else:
            print(f"{case.name:42} {wall:10.3f} {rss:7.0f} {'-':>10} {'-':>7} {'-':>7}")
        if any(s.code not in (0, 1) for s in mine):
            print(f"  iacgate exit codes: {[s.code for s in mine]}", file=sys.stderr)
    if WORK.exists() and os.environ.get("BENCH_CLEAN"):
        shutil.rmtree(WORK)


if __name__ == "__main__":
    main()
