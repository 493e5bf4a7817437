"""Builders for the gate's tests: manifests, git repositories and in-process CLI runs."""

from __future__ import annotations

import json
import os
import subprocess
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from iacgate.cli import main


def deployment(
    name: str,
    *,
    privileged: bool = False,
    namespace: str = "shop",
    annotations: dict[str, str] | None = None,
    privileged_comment: str = "",
    head_comment: str = "",
    image: str = "nginx:1.25.3@sha256:" + "0" * 64,
) -> str:
    """A Deployment that passes every bundled rule except, when ``privileged``, K8S-001
    (critical) on the ``privileged:`` line (line 17 without annotations)."""
    notes = ""
    if annotations:
        notes = "  annotations:\n" + "".join(
            f"    {k}: {json.dumps(v)}\n" for k, v in annotations.items()
        )
    comment = f"  {privileged_comment}" if privileged_comment else ""
    head = f"{head_comment}\n" if head_comment else ""
    return (
        f"{head}apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        f"  name: {name}\n"
        f"  namespace: {namespace}\n"
        f"{notes}"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: app\n"
        f"          image: {image}\n"
        "          resources: {limits: {cpu: 100m, memory: 64Mi},"
        " requests: {cpu: 50m, memory: 32Mi}}\n"
        "          securityContext:\n"
        "            runAsNonRoot: true\n"
        "            readOnlyRootFilesystem: true\n"
        f"            privileged: {'true' if privileged else 'false'}{comment}\n"
        "            allowPrivilegeEscalation: false\n"
        "            capabilities: {drop: [ALL]}\n"
        "          livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n"
        "          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n"
        "      automountServiceAccountToken: false\n"
        "      securityContext:\n"
        "        seccompProfile: {type: RuntimeDefault}\n"
        # The namespace is isolated, so the namespace-wide NetworkPolicy rule passes too.
        "---\n"
        "apiVersion: networking.k8s.io/v1\n"
        "kind: NetworkPolicy\n"
        f"metadata: {{name: {name}-isolate, namespace: {namespace}}}\n"
        "spec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n"
    )


# Tests of how ignores are read and matched use the bundled critical rule (K8S-001) and short
# reasons; the default policy (ignores.max-severity high, min-reason-length 10) refuses both,
# and is tested on its own.
PERMISSIVE_IGNORES = "ignores: {max-severity: critical, min-reason-length: 1}\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def cli(
    *args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Run the CLI in this process (fast) from ``cwd``; returns (code, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("NO_COLOR", "1")
    capsys.readouterr()
    buffer = StringIO()
    with redirect_stdout(buffer):
        code = main(list(args))
    captured = capsys.readouterr()
    return code, buffer.getvalue() + captured.out, captured.err


def scan_json(
    *args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, Any]]:
    code, out, err = cli(
        "scan", "--format", "json", *args, cwd=cwd, monkeypatch=monkeypatch, capsys=capsys
    )
    assert out, err
    return code, json.loads(out)


def git(repo: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_SYSTEM=os.devnull,
    )
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def init_repo(repo: Path, files: dict[str, str]) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")


def codes(report: dict[str, Any], **where: Any) -> list[tuple[str, str]]:
    """(code, address) of the report's findings matching ``where`` (e.g. state="new")."""
    return sorted(
        (f["code"], f["address"])
        for f in report["findings"]
        if all(f.get(k) == v for k, v in where.items())
    )
