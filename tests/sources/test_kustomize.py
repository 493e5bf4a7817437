"""Kustomize directories: rendered with kubectl when present, skipped with a reason when not."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iacgate import api
from iacgate.sources.kubernetes import kustomize

from ..conftest import FIXTURES, REPO

APP = FIXTURES / "kustomize" / "app"
needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not on PATH")


def _scan(*paths: Path, root: Path) -> api.ScanReport:
    return api.scan([str(p) for p in paths], root=root)


def test_discovery_yields_each_kustomization_once_in_place_of_its_files() -> None:
    items = list(kustomize.discover_inputs([APP], APP))
    rendered = sorted(i.display for i in items if isinstance(i, kustomize.Kustomization))
    assert rendered == ["base", "overlays/dev", "overlays/prod"]
    # The files they list come marked with their owner: judged as rendered, never on their own.
    others = sorted(
        (i.display, i.owner) for i in items if not isinstance(i, kustomize.Kustomization)
    )
    assert others == [
        ("base/deployment.yaml", "base"),
        ("overlays/prod/replicas.yaml", "overlays/prod"),
    ]


def test_a_named_file_is_read_as_it_is() -> None:
    items = list(kustomize.discover_inputs([APP / "base" / "deployment.yaml"], APP))
    assert [type(i).__name__ for i in items] == ["Candidate"]
    named = list(kustomize.discover_inputs([APP / "overlays" / "dev" / "kustomization.yaml"], APP))
    assert [i.display for i in named if isinstance(i, kustomize.Kustomization)] == ["overlays/dev"]


@needs_kubectl
def test_rendered_findings_name_the_directory_or_the_origin() -> None:
    report = _scan(APP, root=APP)
    privileged = sorted(
        (f.file, f.start_line, f.address) for f in report.findings if f.code == "K8S-001"
    )
    assert privileged == [
        # no origin annotations: the directory, and the line of `kubectl kustomize base`
        ("base", 18, "apps/Deployment/default/web"),
        # origin annotations: the file the object came from, line inside the rendered object
        ("base/deployment.yaml", 23, "apps/Deployment/shop-prod/web"),
        ("overlays/dev", 19, "apps/Deployment/shop-dev/dev-web"),
    ]
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(APP / "overlays" / "dev")], capture_output=True, text=True
    ).stdout.splitlines()
    assert rendered[19 - 1].strip() == "privileged: true"
    # The partial patch is never read as a workload of its own.
    assert not [f for f in report.findings if f.file.startswith("overlays/prod/")]
    assert not report.skipped


@needs_kubectl
def test_kustomize_runs_without_plugins_or_helm(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    plugin = tmp_path / "k" / "gen.sh"
    plugin.parent.mkdir()
    plugin.write_text(f"#!/bin/sh\ntouch {marker}\n")
    plugin.chmod(0o755)
    (tmp_path / "k" / "kustomization.yaml").write_text("generators: [fn.yaml]\n")
    (tmp_path / "k" / "fn.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn\n  annotations:\n"
        "    config.kubernetes.io/function: |\n      exec:\n        path: ./gen.sh\n"
    )
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / "kustomization.yaml").write_text(
        "helmCharts:\n  - name: x\n    repo: https://charts.example.com\n    version: 1.0.0\n"
    )
    report = _scan(tmp_path / "k", tmp_path / "h", root=tmp_path)
    assert not marker.exists(), "kustomize ran an exec function from the scanned tree"
    errors = sorted((f.file, f.name) for f in report.findings if f.name == "parse-error")
    assert errors == [
        ("h/kustomization.yaml", "parse-error"),
        ("k/kustomization.yaml", "parse-error"),
    ]
    assert all("kubectl kustomize failed" in f.message for f in report.findings)


def test_without_kubectl_the_directory_is_not_scanned_with_the_reason(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty), NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, "-m", "iacgate", "scan", str(APP), "--format", "json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    # Nothing was judged: that fails the gate, one file-not-scanned finding per kustomization.
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    files = {
        "tests/fixtures/kustomize/app/base/kustomization.yaml",
        "tests/fixtures/kustomize/app/overlays/dev/kustomization.yaml",
        "tests/fixtures/kustomize/app/overlays/prod/kustomization.yaml",
    }
    assert {(f["file"], f["name"]) for f in report["findings"]} == {
        (f, "file-not-scanned") for f in files
    }
    # Their files are not read raw (patches read as whole objects would mislead).
    assert len(report["findings"]) == 3
    reasons = {s["file"]: s["reason"] for s in report["skipped"]}
    assert set(reasons) == files
    assert all("kubectl is not on PATH" in r for r in reasons.values())


def _decisions(
    tmp_path: Path, files: dict[str, str], fifos: tuple[str, ...] | list[str] = ()
) -> dict[str, kustomize.Kustomization]:
    for name, text in files.items():
        path = tmp_path / "tree" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name in fifos:
        os.mkfifo(tmp_path / "tree" / name)
    items = kustomize.discover_inputs([tmp_path / "tree"], tmp_path / "tree")
    return {i.display: i for i in items if isinstance(i, kustomize.Kustomization)}


def test_what_a_kustomization_reads_is_decided_before_kubectl_runs(tmp_path: Path) -> None:
    found = _decisions(
        tmp_path,
        {
            "local/kustomization.yaml": "resources: [cm.yaml, ../base]\n",
            "local/cm.yaml": "kind: ConfigMap\n",
            "base/kustomization.yaml": "resources: []\n",
            # Neither a file nor a directory here: kustomize would try it as a git URL.
            "missing/kustomization.yaml": "resources: [org/repo/base]\n",
            "absolute/kustomization.yaml": "patches: [{path: /etc/passwd}]\n",
            "generated/kustomization.yaml": (
                "configMapGenerator: [{name: c, files: [k=../../secret.txt]}]\n"
            ),
            "broken/kustomization.yaml": "resources: [a]\nresources: [b]\n",
            "overbroken/kustomization.yaml": "resources: [../broken]\n",
            "fifo/kustomization.yaml": "resources: [pipe.yaml]\n",
        },
        fifos=["fifo/pipe.yaml"],
    )
    assert found["local"].refused is None and found["base"].refused is None
    assert "not a regular file" in (found["fifo"].refused or "")
    assert "remote" in (found["missing"].refused or "")
    assert "outside the scanned target" in (found["absolute"].refused or "")
    assert "outside the scanned target" in (found["generated"].refused or "")
    # Our reader is strict (duplicate keys); what a base it cannot read would load is unknown.
    assert found["broken"].error is not None and found["broken"].refused is None
    assert "cannot be read" in (found["overbroken"].refused or "")
    assert found["overbroken"].refused is not None and "../broken" in found["overbroken"].refused


def test_counting_loads_stays_linear_and_stops_at_the_limit(tmp_path: Path) -> None:
    files = {}
    for level in range(12):
        below = f"resources: [../l{level + 1}a, ../l{level + 1}b]\n" if level < 11 else ""
        for side in "ab":
            files[f"l{level}{side}/kustomization.yaml"] = below or "resources: []\n"
    found = _decisions(tmp_path, files)
    # Level k loads 2^(12-k) - 1 kustomizations: levels 0 to 4 are over 200.
    refused = sorted(d for d, k in found.items() if k.refused)
    assert refused == sorted(f"l{level}{side}" for level in range(5) for side in "ab")
