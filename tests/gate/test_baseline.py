"""Baselines: create, report only what is new, never absorb a new violation of the same rule on
another resource, survive edits that move lines, list what was fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import PERMISSIVE_IGNORES, cli, codes, deployment, scan_json, write


def test_create_then_scan_against_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {
            "a.yaml": deployment("a", privileged=True),
            "b.yaml": deployment("b", privileged=True),
            "c.yaml": deployment("c"),
            ".iacgate.yaml": PERMISSIVE_IGNORES,
            "ignored.yaml": deployment(
                "i", privileged=True, privileged_comment="# iacgate:ignore K8S-001 accepted"
            ),
        },
    )
    code, _, err = cli(
        "baseline",
        "create",
        ".",
        "-o",
        "base.json",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 0 and "2 finding(s) written to base.json" in err
    data = json.loads((tmp_path / "base.json").read_text())
    assert [(e["code"], e["address"]) for e in data["findings"]] == [
        ("K8S-001", "apps/Deployment/shop/a"),
        ("K8S-001", "apps/Deployment/shop/b"),
    ]
    assert "start_line" not in data["findings"][0] and "line" not in json.dumps(data)

    # Unchanged: passes, every finding is existing.
    code, report = scan_json(
        ".", "--baseline", "base.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0 and report["fixed"] == []
    assert {f["state"] for f in report["findings"] if "suppressed" not in f} == {"existing"}

    # Lines move above the finding, the same rule fails on a new resource, one is fixed.
    (tmp_path / "a.yaml").write_text(
        "# a comment\n# and another\n" + deployment("a", privileged=True)
    )
    (tmp_path / "b.yaml").write_text(deployment("b"))
    (tmp_path / "c.yaml").write_text(deployment("c", privileged=True))
    code, report = scan_json(
        ".", "--baseline", "base.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    assert codes(report, state="new", gating=True) == [("K8S-001", "apps/Deployment/shop/c")]
    assert codes(report, state="existing") == [("K8S-001", "apps/Deployment/shop/a")]
    # Suppressed findings are not baselined: without their ignore they would be new.
    assert [f["address"] for f in report["findings"] if "suppressed" in f] == [
        "apps/Deployment/shop/i"
    ]
    assert [(f["code"], f["address"]) for f in report["fixed"]] == [
        ("K8S-001", "apps/Deployment/shop/b")
    ]
    assert report["summary"]["new"] == 1 and report["summary"]["fixed"] == 1
    code, out, _ = cli(
        "scan", ".", "--baseline", "base.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert "c.yaml:16" in out and "a.yaml" not in out.split("compared with")[0]
    assert "fixed b.yaml  K8S-001 privileged-container  apps/Deployment/shop/b" in out


def test_same_rule_same_resource_twice_is_not_absorbed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second container of the same resource failing the same rule is a new finding."""
    one = deployment("a", privileged=True)
    write(tmp_path, {"a.yaml": one})
    cli("baseline", "create", "-o", "b.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    sidecar = (
        "        - name: sidecar\n          image: busybox:1.36\n"
        "          resources: {limits: {cpu: 100m, memory: 64Mi}}\n"
        "          securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true,"
        " privileged: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n"
    )
    # The sidecar joins the container list, just before the pod-level fields.
    pod_fields = "      automountServiceAccountToken: false\n"
    two = one.replace(pod_fields, sidecar + pod_fields)
    (tmp_path / "a.yaml").write_text(two)
    code, report = scan_json(
        ".", "--baseline", "b.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    states = sorted((f["path"], f["state"]) for f in report["findings"] if f["code"] == "K8S-001")
    assert code == 1 and [s for _, s in states] == ["existing", "new"]


def test_baseline_from_config_and_bad_baseline_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        {"a.yaml": deployment("a", privileged=True), ".iacgate.yaml": "baseline: b.json\n"},
    )
    cli(
        "baseline",
        "create",
        "-o",
        "b.json",
        "--no-config",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    code, report = scan_json(".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and report["compared_with"] == f"baseline {tmp_path / 'b.json'}"
    (tmp_path / "b.json").write_text('{"version": "1", "findings": [{"code": 1}]}')
    code, _, err = cli("scan", ".", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "b.json: at findings[0]: expected an object" in err
    code, _, err = cli(
        "scan", ".", "--baseline", "nope.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2 and "nope.json: cannot read baseline" in err


def test_a_baseline_survives_renames_and_version_1_baselines_keep_matching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from iacgate.findings import legacy_fingerprint

    write(tmp_path, {"k8s/api.yaml": deployment("api", privileged=True)})
    code, _, _ = cli(
        "baseline", "create", "-o", "b.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    data = json.loads((tmp_path / "b.json").read_text())
    assert code == 0 and data["version"] == "2"
    (tmp_path / "k8s/api.yaml").rename(tmp_path / "k8s/api-deploy.yaml")
    code, report = scan_json(
        ".", "--baseline", "b.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0 and {f["state"] for f in report["findings"]} == {"existing"}
    assert report["fixed"] == []

    # A baseline written by the first release: the Kubernetes file was part of the hash.
    privileged = "spec.template.spec.containers[0].securityContext.privileged"
    row = {
        "code": "K8S-001",
        "name": "privileged-container",
        "severity": "critical",
        "kind": "k8s.apps.deployment",
        "address": "apps/Deployment/shop/api",
        "file": "k8s/api.yaml",
        "path": privileged,
        "fingerprint": legacy_fingerprint(
            "K8S-001", "k8s/api.yaml", "apps/Deployment/shop/api", privileged
        ),
    }
    old = {"version": "1", "tool": "iacgate 0.1.0", "findings": [row]}
    (tmp_path / "v1.json").write_text(json.dumps(old))
    code, report = scan_json(
        ".", "--baseline", "v1.json", cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0 and report["fixed"] == []
    assert [f["state"] for f in report["findings"] if f["code"] == "K8S-001"] == ["existing"]
