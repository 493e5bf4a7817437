"""The GitHub Action's step: run the gate the way ``action.yml`` describes, inside a runner.

Run as ``python -I -m iacgate.action`` (isolated: the workspace is never on ``sys.path``, so a
pull request cannot shadow iacgate's own modules). Reads the action's inputs from ``INPUT_*``
variables and the runner's ``GITHUB_*`` files; writes SARIF, the step summary, annotations (on
standard output) and the step outputs.

Trust: on a pull request the configuration (and any pack directory it names) is read from the
pull request's *base* commit, extracted to a private directory, never from the checked-out
head; the head's own ``.iacgate.yaml`` and pack directories are not read. Packs load only from
installed packages or the base commit's directories, so nothing the pull request adds runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PR_EVENTS = ("pull_request", "pull_request_target")
FORMATS = ("sarif", "markdown", "github", "junit", "json")


@dataclass(frozen=True, slots=True)
class Inputs:
    command: str
    paths: tuple[str, ...]
    fail_on: str
    config: str
    formats: tuple[str, ...]
    diff_base: str
    sarif_file: str
    junit_file: str


def read_inputs(env: Mapping[str, str]) -> Inputs:
    def get(name: str, default: str = "") -> str:
        return env.get(f"INPUT_{name.upper().replace('-', '_')}", default).strip() or default

    formats = tuple(f.strip() for f in get("formats", "sarif,markdown,github").split(",") if f)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"formats: unknown {unknown} (expected some of {', '.join(FORMATS)})")
    command = get("command", "scan")
    if command not in ("scan", "drift"):
        raise ValueError(f"command: expected 'scan' or 'drift', found {command!r}")
    return Inputs(
        command=command,
        paths=tuple(get("paths", ".").split()),
        fail_on=get("fail-on"),
        config=get("config"),
        formats=formats,
        diff_base=get("diff-base"),
        sarif_file=get("sarif-file", "iacgate.sarif"),
        junit_file=get("junit-file", "iacgate-junit.xml"),
    )


def read_event(env: Mapping[str, str]) -> dict[str, Any]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return {}
    data = json.loads(Path(path).read_text("utf-8"))
    return data if isinstance(data, dict) else {}


def pull_request_base(env: Mapping[str, str], event: Mapping[str, Any]) -> str | None:
    """The base commit of the pull request that triggered the run, if any."""
    if env.get("GITHUB_EVENT_NAME") not in PR_EVENTS:
        return None
    base = event.get("pull_request", {}).get("base", {})
    sha = base.get("sha") if isinstance(base, dict) else None
    return sha if isinstance(sha, str) and sha else None


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def ensure_commit(sha: str) -> bool:
    """Make ``sha`` and enough history for a merge base available (a shallow checkout has
    neither); True when it is there."""
    if _git("cat-file", "-e", f"{sha}^{{commit}}").returncode != 0:
        _git("fetch", "--no-tags", "--quiet", "origin", sha)
    if _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        _git("fetch", "--no-tags", "--quiet", "--unshallow", "origin")
    return _git("cat-file", "-e", f"{sha}^{{commit}}").returncode == 0


@contextlib.contextmanager
def trusted_config(inputs: Inputs, base_sha: str | None, workspace: Path) -> Iterator[list[str]]:
    """The ``--config``/``--no-config`` arguments to use. On a pull request the configuration
    comes from the base commit, extracted with its pack directories to a private directory."""
    if base_sha is None:
        yield ["--config", inputs.config] if inputs.config else []
        return
    from iacgate.gate.config import find_config
    from iacgate.gate.diffbase import _open_repo

    repo = _open_repo(workspace)
    with tempfile.TemporaryDirectory(prefix="iacgate-trusted-") as tmp:
        from iacgate.gate.diffbase import write_tree

        top = Path(tmp) / "base"
        top.mkdir()
        inner = workspace.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        write_tree(repo.commit(base_sha), "" if inner == "." else inner, top)
        if inputs.config:
            found: Path | None = (top / inputs.config).resolve()
            if found is not None and not found.is_relative_to(top.resolve()):
                raise ValueError(f"config: {inputs.config} must be a path inside the repository")
            if found is not None and not found.is_file():
                print(f"::warning::{inputs.config} is not in the base commit; using defaults")
                found = None
        else:
            found = find_config(top, top=top)
        yield ["--config", str(found)] if found is not None else ["--no-config"]


def build_args(
    inputs: Inputs, diff_base: str | None, config_args: list[str], report_dir: Path
) -> list[str]:
    args = [inputs.command, *inputs.paths, "--format", "text"]
    args += ["--output", f"json={report_dir / 'report.json'}"]
    args += ["--output", f"markdown={report_dir / 'summary.md'}"]
    if "github" in inputs.formats:
        args += ["--output", f"github={report_dir / 'annotations.txt'}"]
    if "sarif" in inputs.formats:
        args += ["--output", f"sarif={inputs.sarif_file}"]
    if "junit" in inputs.formats:
        args += ["--output", f"junit={inputs.junit_file}"]
    if inputs.fail_on:
        args += ["--fail-on", inputs.fail_on]
    if diff_base:
        args += ["--diff-base", diff_base]
    return args + config_args


def _append(path: str | None, text: str) -> None:
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(text)


def _run_gate(
    env: Mapping[str, str],
    inputs: Inputs,
    diff_base: str,
    config_args: list[str],
    report_dir: Path,
) -> tuple[int, dict[str, Any] | None]:
    """Run the CLI with the action's outputs; emit annotations and the step summary."""
    from iacgate import cli

    code = cli.main(build_args(inputs, diff_base or None, config_args, report_dir))
    report_file = report_dir / "report.json"
    if not report_file.is_file():
        print(f"::error title=iacgate::the gate did not run (exit code {code})")
        _append(env.get("GITHUB_OUTPUT"), f"exit-code={code}\n")
        return code, None
    report: dict[str, Any] = json.loads(report_file.read_text("utf-8"))
    if "github" in inputs.formats:
        sys.stdout.write((report_dir / "annotations.txt").read_text("utf-8"))
    if "markdown" in inputs.formats:
        _append(env.get("GITHUB_STEP_SUMMARY"), (report_dir / "summary.md").read_text("utf-8"))
    return code, report


def main(env: Mapping[str, str] | None = None) -> int:
    from iacgate import cli

    env = os.environ if env is None else env
    try:
        inputs = read_inputs(env)
    except ValueError as exc:
        print(f"::error title=iacgate::{exc}")
        return cli.EXIT_USAGE
    workspace = Path(env.get("GITHUB_WORKSPACE") or Path.cwd())
    os.chdir(workspace)
    event = read_event(env)
    base_sha = pull_request_base(env, event)
    if base_sha is not None and not ensure_commit(base_sha):
        print(f"::warning::base commit {base_sha} is not available; checkout with fetch-depth: 0")
        base_sha = None
    diff_base = inputs.diff_base
    if diff_base.lower() in ("none", "off", "false"):
        diff_base = ""
    elif not diff_base and base_sha is not None:
        diff_base = base_sha
    try:
        with (
            tempfile.TemporaryDirectory(prefix="iacgate-report-") as tmp,
            trusted_config(inputs, base_sha, workspace) as config_args,
        ):
            code, report = _run_gate(env, inputs, diff_base, config_args, Path(tmp))
    except ValueError as exc:
        print(f"::error title=iacgate::{exc}")
        return cli.EXIT_USAGE
    if report is None:
        return code
    summary = report["summary"]
    outputs = {
        "findings": summary["findings"],
        "new": summary.get("new", summary["findings"]),
        "fixed": summary.get("fixed", 0),
        "suppressed": summary["suppressed"],
        "failing": summary["gating"],
        "failed": "true" if summary["gate"] == "failed" else "false",
        "sarif-file": inputs.sarif_file if "sarif" in inputs.formats else "",
        "exit-code": code,
    }
    _append(env.get("GITHUB_OUTPUT"), "".join(f"{k}={v}\n" for k, v in outputs.items()))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
