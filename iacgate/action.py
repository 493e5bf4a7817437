"""The GitHub Action's step: run the gate the way ``action.yml`` describes, inside a runner.

Run as ``python -I -m iacgate.action`` (isolated: the workspace is never on ``sys.path``, so a
pull request cannot shadow iacgate's own modules). Reads the action's inputs from ``INPUT_*``
variables and the runner's ``GITHUB_*`` files; writes SARIF, the step summary, annotations (on
standard output) and the step outputs.

Trust: on a pull request (and in a merge queue, ``merge_group``) the configuration (and any
pack directory it names) is read from the *base* commit, extracted to a private directory, never
from the checked-out head; the head's own ``.iacgate.yaml`` and pack directories are not read.
When the base commit or the named configuration cannot be read, the step fails (exit 2) rather
than fall back to the head's configuration. Packs load only from installed packages or the base
commit's directories, so nothing the pull request adds runs. On pushes, schedules and manual
runs the workspace is the repository's own code, and its configuration is trusted.

Output: everything the gate prints from the scanned tree is escaped by the reporters, and the
step also fences it with ``::stop-commands::`` and a random token, so no line of it can act as a
workflow command; the annotations are printed after the fence is lifted.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacgate.errors import EXIT_USAGE
from iacgate.errors import ActionError as ActionError  # its old home
from iacgate.reporters import FORMATS as REPORT_FORMATS

# Events whose head is not the repository's own code: configuration comes from the base.
PR_EVENTS = ("pull_request", "pull_request_target", "merge_group")
# Events that run the repository's own code: its configuration may load its pack directories.
TRUSTED_EVENTS = ("push", "schedule", "workflow_dispatch", "release")
# What the step can write: every report format but the terminal's (reporters: the registry).
FORMATS = tuple(f for f in REPORT_FORMATS if f != "text")
LIVE = ("aws", "k8s")


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
    json_file: str = "iacgate.json"
    live: str = ""  # drift: aws or k8s
    snapshot: str = ""  # drift: a snapshot file instead of live collection
    stack: str = ""  # drift: the CloudFormation stack of the declared template


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
    live, snapshot = get("live"), get("snapshot")
    if live and live not in LIVE:
        raise ValueError(f"live: expected one of {', '.join(LIVE)}, found {live!r}")
    if command == "drift" and bool(live) == bool(snapshot):
        raise ValueError("command drift: set exactly one of the inputs live (aws, k8s) or snapshot")
    return Inputs(
        command=command,
        paths=tuple(get("paths", ".").split()),
        fail_on=get("fail-on"),
        config=get("config"),
        formats=formats,
        diff_base=get("diff-base"),
        sarif_file=get("sarif-file", "iacgate.sarif"),
        junit_file=get("junit-file", "iacgate-junit.xml"),
        json_file=get("json-file", "iacgate.json"),
        live=live,
        snapshot=snapshot,
        stack=get("stack"),
    )


def read_event(env: Mapping[str, str]) -> dict[str, Any]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return {}
    data = json.loads(Path(path).read_text("utf-8"))
    return data if isinstance(data, dict) else {}


def pull_request_base(env: Mapping[str, str], event: Mapping[str, Any]) -> str | None:
    """The base commit of the pull request (or merge-queue group) that triggered the run; None
    for other events. Raises ``ActionError`` when such an event names no base: the head's own
    configuration must never stand in for it."""
    name = env.get("GITHUB_EVENT_NAME")
    if name not in PR_EVENTS:
        return None
    if name == "merge_group":
        group = event.get("merge_group")
        sha = group.get("base_sha") if isinstance(group, dict) else None
    else:
        request = event.get("pull_request")
        base = request.get("base") if isinstance(request, dict) else None
        sha = base.get("sha") if isinstance(base, dict) else None
    if not isinstance(sha, str) or not sha:
        raise ActionError(f"the {name} event names no base commit; cannot run on trusted settings")
    return sha


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
def trusted_config(
    inputs: Inputs, base_sha: str | None, workspace: Path, event_name: str = "push"
) -> Iterator[list[str]]:
    """The ``--config``/``--no-config`` arguments to use. On a pull request the configuration
    comes from the base commit, extracted with its pack directories to a private directory."""
    if base_sha is None:
        config = ["--config", inputs.config] if inputs.config else []
        trusted = event_name in TRUSTED_EVENTS
        yield config + (["--trust-config"] if trusted else [])
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
                raise ActionError(
                    f"config: {inputs.config} is not in the base commit {base_sha[:12]}; the "
                    f"pull request's own copy is not trusted. Merge the configuration first."
                )
        else:
            found = find_config(top, top=top)
        # The base commit's configuration is the repository's: its pack directories may load.
        yield ["--config", str(found), "--trust-config"] if found is not None else ["--no-config"]


def build_args(
    inputs: Inputs, diff_base: str | None, config_args: list[str], report_dir: Path
) -> list[str]:
    if inputs.command == "drift":
        return _drift_args(inputs, config_args, report_dir)
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


def _drift_args(inputs: Inputs, config_args: list[str], report_dir: Path) -> list[str]:
    """``iacgate drift``: the paths are the declared state; drift has no annotations, JUnit,
    threshold or diff base, and loads no packs from the configuration (only its exceptions)."""
    args = ["drift", *(a for p in inputs.paths for a in ("--declared", p)), "--format", "text"]
    args += ["--live", inputs.live] if inputs.live else ["--snapshot", inputs.snapshot]
    if inputs.stack:
        args += ["--stack", inputs.stack]
    args += ["--output", f"json={report_dir / 'report.json'}"]
    args += ["--output", f"markdown={report_dir / 'summary.md'}"]
    if "sarif" in inputs.formats:
        args += ["--output", f"sarif={inputs.sarif_file}"]
    return args + [a for a in config_args if a != "--trust-config"]


def _error(message: str) -> None:
    from iacgate.reporters.github import annotation

    print(annotation("error", message, title="iacgate"), flush=True)


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

    # Whatever the gate prints quotes the scanned tree: no line of it may act as a workflow
    # command, whatever escaping missed. The runner ignores commands until the token returns.
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    try:
        code = cli.main(build_args(inputs, diff_base or None, config_args, report_dir))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        print(f"::{token}::", flush=True)
    report_file = report_dir / "report.json"
    if not report_file.is_file():
        _error(f"the gate did not run (exit code {code})")
        _append(env.get("GITHUB_OUTPUT"), f"exit-code={code}\n")
        return code, None
    report: dict[str, Any] = json.loads(report_file.read_text("utf-8"))
    if "json" in inputs.formats:
        target = Path(inputs.json_file)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(report_file.read_text("utf-8"), encoding="utf-8")
    annotations = report_dir / "annotations.txt"
    if "github" in inputs.formats and annotations.is_file():
        sys.stdout.write(annotations.read_text("utf-8"))
    if "markdown" in inputs.formats:
        _append(env.get("GITHUB_STEP_SUMMARY"), (report_dir / "summary.md").read_text("utf-8"))
    return code, report


def _outputs(inputs: Inputs, report: Mapping[str, Any], code: int) -> dict[str, Any]:
    summary = report["summary"]
    files = {
        "sarif-file": inputs.sarif_file if "sarif" in inputs.formats else "",
        "json-file": inputs.json_file if "json" in inputs.formats else "",
        "exit-code": code,
    }
    failed = "true" if summary["gate"] == "failed" else "false"
    if inputs.command == "drift":
        drifted = summary["missing"] + summary["changed"] + summary["unmanaged"]
        return {"drift": drifted, "findings": summary["security"], "failed": failed, **files}
    return {
        "findings": summary["findings"],
        "new": summary.get("new", summary["findings"]),
        "fixed": summary.get("fixed", 0),
        "suppressed": summary["suppressed"],
        "failing": summary["gating"],
        "failed": failed,
        **files,
    }


def main(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    try:
        inputs = read_inputs(env)
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    workspace = Path(env.get("GITHUB_WORKSPACE") or Path.cwd())
    os.chdir(workspace)
    event = read_event(env)
    try:
        base_sha = pull_request_base(env, event)
        if base_sha is not None and not ensure_commit(base_sha):
            raise ActionError(
                f"base commit {base_sha} is not available (check out with fetch-depth: 0); "
                f"the pull request's own configuration is not trusted in its place"
            )
    except ActionError as exc:
        _error(str(exc))
        return EXIT_USAGE
    diff_base = inputs.diff_base
    if diff_base.lower() in ("none", "off", "false") or inputs.command == "drift":
        diff_base = ""
    elif not diff_base and base_sha is not None:
        diff_base = base_sha
    try:
        with (
            tempfile.TemporaryDirectory(prefix="iacgate-report-") as tmp,
            trusted_config(
                inputs, base_sha, workspace, env.get("GITHUB_EVENT_NAME", "push")
            ) as config_args,
        ):
            code, report = _run_gate(env, inputs, diff_base, config_args, Path(tmp))
    except (ValueError, ActionError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    if report is None:
        return code
    outputs = _outputs(inputs, report, code)
    _append(env.get("GITHUB_OUTPUT"), "".join(f"{k}={v}\n" for k, v in outputs.items()))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
