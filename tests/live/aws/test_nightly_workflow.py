"""``docs/examples/nightly-drift.yml``: valid against the GitHub workflow schema, shaped as the
docs say (OIDC credentials, one job per shard, JSON artifacts, a merge job), every iacgate
command line in it accepted by the CLI as written, no expression pasted into a script, and its
merge step run by bash on real shard reports."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
import yaml

from iacgate.cli import cli
from tests.conftest import REPO

WORKFLOW_FILE = REPO / "docs" / "examples" / "nightly-drift.yml"
SCHEMAS = REPO.parent / "shared" / "schemas"
if not SCHEMAS.is_dir():  # CI: shared/ sits beside the clone
    SCHEMAS = Path("/work/shared/schemas")


def _workflow() -> dict[str, Any]:
    loaded = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
    # GitHub reads YAML 1.2, where `on` is a string; PyYAML (1.1) makes it True.
    return {("on" if k is True else k): v for k, v in loaded.items()}


WORKFLOW = _workflow()
JOBS: dict[str, Any] = WORKFLOW["jobs"]


def _steps(job: str) -> list[dict[str, Any]]:
    return list(JOBS[job]["steps"])


def _uses(job: str, action: str) -> list[dict[str, Any]]:
    return [s for s in _steps(job) if str(s.get("uses", "")).startswith(action)]


def test_valid_against_the_github_workflow_schema() -> None:
    schema_file = SCHEMAS / "github-workflow.json"
    if not schema_file.is_file():
        pytest.skip("the GitHub workflow schema is not on this machine")
    schema = json.loads(schema_file.read_text())
    errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(WORKFLOW))
    assert not errors, [e.message for e in errors]


def test_shaped_as_documented() -> None:
    assert set(JOBS) == {"plan", "drift", "report"}
    assert WORKFLOW["permissions"] == {"contents": "read"}
    for job in ("plan", "drift"):
        # OIDC: the job's token is exchanged for the audit role; no stored keys anywhere.
        assert JOBS[job]["permissions"]["id-token"] == "write"
        [credentials] = _uses(job, "aws-actions/configure-aws-credentials")
        assert set(credentials["with"]) == {"role-to-assume", "aws-region"}
    assert "id-token" not in JOBS["report"].get("permissions", {})
    assert "AWS_SECRET_ACCESS_KEY" not in WORKFLOW_FILE.read_text()
    # One job per shard, from the plan's matrix; each uploads its JSON report.
    strategy = JOBS["drift"]["strategy"]
    assert strategy["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert strategy["fail-fast"] is False
    assert JOBS["plan"]["outputs"]["matrix"] == "${{ steps.shards.outputs.matrix }}"
    [upload] = _uses("drift", "actions/upload-artifact")
    assert upload["with"]["path"] == "shard-${{ matrix.shard }}.json"
    # The last job merges every shard and writes the posture report.
    assert JOBS["report"]["needs"] == ["plan", "drift"]
    [download] = _uses("report", "actions/download-artifact")
    assert download["with"] == {"pattern": "shard-*", "merge-multiple": True}
    script = "\n".join(s.get("run", "") for s in _steps("report"))
    assert "iacgate merge shard-*.json -o org.json" in script
    assert "iacgate report org.json" in script


def test_no_expression_inside_a_script() -> None:
    """Values reach scripts through ``env:`` only: an account name, a region or a matrix
    value is never pasted into shell code."""
    for job in JOBS.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step


def _commands() -> list[tuple[str, list[str]]]:
    """Every iacgate command line of the scripts, its variables given example values."""
    values = {
        **{k: str(v) for k, v in WORKFLOW["env"].items()},
        "SHARD": "001",
        "ACCOUNTS": "111111111111,222222222222",
        "SHARD_REGIONS": "us-east-1",
        "FLAGS": "--no-global",
        "GITHUB_OUTPUT": "/dev/null",
        "GITHUB_STEP_SUMMARY": "/dev/null",
    }
    found = []
    for name, job in JOBS.items():
        for step in job["steps"]:
            script = step.get("run", "").replace("\\\n", " ")
            for line in script.splitlines():
                for match in re.finditer(r"(?:^|\$\(|\s)iacgate (.*?)(?:\)|\|\||>>|$)", line):
                    # Every example value is one word: the script's quoting stays as written.
                    text = re.sub(
                        r"\$(\w+)|\$\{(\w+)\}",
                        lambda m: values[m.group(1) or m.group(2)],
                        match.group(1),
                    )
                    found.append((name, shlex.split(text)))
    return found


def test_every_iacgate_command_is_accepted_as_written() -> None:
    commands = _commands()
    assert {tuple(args[:2]) for _, args in commands} >= {
        ("org", "shards"),
        ("drift", "--declared"),
        ("merge", "shard-*.json"),
        ("report", "org.json"),
    }
    for job, args in commands:
        command: click.Command = cli
        context = cli.make_context("iacgate", list(args), resilient_parsing=False)
        rest = list(args)
        while isinstance(command, click.Group):
            name, command, rest = command.resolve_command(context, rest)  # type: ignore[assignment]
            assert command is not None, (job, args)
            context = command.make_context(name or "", list(rest))
        assert context.params, (job, args)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash absent")
def test_the_merge_step_runs(tmp_path: Path) -> None:
    """The report job's script, with two real shard reports downloaded: the organization's
    report and the posture pages are written; a shard report missing fails the step."""
    from iacgate.api import build_graph
    from iacgate.driftcheck import run
    from iacgate.reporters.drift import render_json
    from iacgate.sources.router import FileResult
    from tests.test_merge import A, B, account_snapshot, queue

    declared = run.Declared(
        build_graph(
            [
                FileResult(
                    "state.json",
                    resources=[queue(A, "jobs", declared=True), queue(B, "jobs", declared=True)],
                    recognised=True,
                )
            ]
        ),
        ("state.json",),
        (),
        (),
    )
    for index, account in enumerate((A, B), 1):
        snapshot = account_snapshot(account, queue(account, "jobs"))
        report = run.drift(declared, snapshot, [])
        (tmp_path / f"shard-00{index}.json").write_text(render_json(report, run.gate(report)))
    [step] = [s for s in _steps("report") if "iacgate merge" in s.get("run", "")]
    matrix = {"include": [{"shard": "001"}, {"shard": "002"}]}
    summary = tmp_path / "summary.md"
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "MATRIX": json.dumps(matrix),
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    merged = json.loads((tmp_path / "org.json").read_text())
    assert merged["summary"]["in_sync"] == 2 and merged["coverage"]["unverified"] == []
    assert (tmp_path / "posture.html").read_text().startswith("<!DOCTYPE html>")
    assert "Drift" in summary.read_text()

    env["MATRIX"] = json.dumps({"include": [*matrix["include"], {"shard": "003"}]})
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "::error::2 of 3 shard reports" in done.stdout
