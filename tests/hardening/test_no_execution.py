"""Nothing from the scanned tree is imported or run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PAYLOAD = "import pathlib; pathlib.Path({marker!r}).write_text('ran')\n"


def test_a_repository_built_to_run_code_runs_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    marker = tmp_path / "MARKER"
    payload = PAYLOAD.format(marker=str(marker))
    # Every place a Python tool might import from or execute.
    for name in ("conftest.py", "setup.py", "__init__.py", "sitecustomize.py", "iacgate.py"):
        (repo / name).write_text(payload)
    pack = repo / "policy_packs" / "evil"
    pack.mkdir(parents=True)
    (pack / "pack.toml").write_text('name = "evil"\nmodules = ["rules"]\n')
    (pack / "rules.py").write_text(payload)
    (pack / "__init__.py").write_text(payload)
    (repo / "iacgate_plugins").mkdir()
    (repo / "iacgate_plugins" / "__init__.py").write_text(payload)
    # YAML that asks PyYAML's unsafe loaders to run code.
    (repo / "evil.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
        f"data:\n  a: !!python/object/apply:os.system ['touch {marker}']\n"
        f"  b: !!python/object/new:subprocess.check_output [['touch', '{marker}']]\n"
    )
    (repo / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostPID: true}\n"
    )
    # Terraform that would run commands if anything evaluated it like terraform apply does.
    (repo / "tf").mkdir()
    (repo / "tf" / "main.tf").write_text(
        f'data "external" "x" {{\n  program = ["sh", "-c", "touch {marker}"]\n}}\n'
        f'resource "null_resource" "y" {{\n  provisioner "local-exec" {{\n'
        f'    command = "touch {marker}"\n  }}\n}}\n'
        f'locals {{\n  t = templatefile("${{path.module}}/t.tpl", {{}})\n}}\n'
    )
    (repo / "tf" / "t.tpl").write_text(f"%{{ for x in [1] }}$(touch {marker}){{x}}%{{ endfor }}\n")
    # CloudFormation asking for a macro (a Lambda function in AWS) to rewrite it.
    (repo / "stack.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: [EvilMacro]\nResources:\n"
        "  B:\n    Type: AWS::S3::Bucket\n"
    )
    # The installed console script, as the pre-commit hook and the Action run it. (``python -m
    # iacgate`` would put the working directory on sys.path first, so a scanned tree's own
    # ``iacgate.py`` would shadow the package: docs/security.md says to use the script or
    # ``python -P``.)
    script = Path(sys.executable).parent / "iacgate"
    result = subprocess.run(
        [str(script), "scan", "--format", "json", "."],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert not marker.exists(), "code from the scanned tree ran"
    report = json.loads(result.stdout)
    assert any(f["code"] == "K8S-002" for f in report["findings"])
    # The python tags were refused as unknown tags, never constructed.
    errors = [f for f in report["findings"] if f["name"] == "parse-error"]
    assert [(e["file"], "unknown YAML tag" in e["message"]) for e in errors] == [
        ("evil.yaml", True)
    ]
