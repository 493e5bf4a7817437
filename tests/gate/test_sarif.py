"""SARIF for GitHub code scanning: every rule documented and linked, UNKNOWN verdicts that
neither rank as vulnerabilities nor fail GitHub's check, and a physical location for every
result of a file scan, a live scan and a drift report -- each log checked against the official
schema and GitHub's upload requirements (``sarif_checks``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from iacgate.cli import main

from ..live.k8s.cluster import FakeCluster, system_components
from ..live.k8s.conftest import SHOP
from ..live.k8s.server import serving, write_kubeconfig
from .helpers import cli, deployment, write
from .sarif_checks import assert_uploadable

_OPEN_SSH = """variable "cidr" {}
resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}
"""


def _sarif(*args: str, cwd: Path, mp: pytest.MonkeyPatch, cap: Any) -> tuple[int, Any]:
    code, out, err = cli("scan", "--format", "sarif", *args, cwd=cwd, monkeypatch=mp, capsys=cap)
    assert out, err
    return code, json.loads(out)


def test_unknown_verdicts_are_notes_of_a_companion_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"infra/main.tf": _OPEN_SSH, "k8s/a.yaml": deployment("a", privileged=True)})
    code, log = _sarif(".", cwd=tmp_path, mp=monkeypatch, cap=capsys)
    assert code == 1
    assert_uploadable(log)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    by_rule = {r["ruleId"]: r for r in run["results"]}
    unknown = by_rule["AWS-EC2-001/unknown"]
    assert unknown["level"] == "note" and "AWS-EC2-001" not in by_rule
    assert unknown["message"]["text"].startswith("aws_security_group.web: [unknown]")
    companion = rules["AWS-EC2-001/unknown"]
    # No security severity: GitHub would otherwise rank it high and fail its check on it.
    assert "security-severity" not in companion["properties"]
    assert companion["defaultConfiguration"]["level"] == "note"
    assert companion["helpUri"] == rules["AWS-EC2-001"]["helpUri"]
    assert rules["AWS-EC2-001"]["properties"]["security-severity"] == "8.0"
    # A decided failure keeps its rule, level and severity.
    assert by_rule["K8S-001"]["level"] == "error"

    code, log = _sarif(".", "--sarif-unknown", "omit", cwd=tmp_path, mp=monkeypatch, cap=capsys)
    assert_uploadable(log)
    assert not any(r["ruleId"].endswith("/unknown") for r in log["runs"][0]["results"])


def test_every_rule_has_its_documentation_and_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"a.yaml": deployment("a", privileged=True)})
    _, log = _sarif(".", cwd=tmp_path, mp=monkeypatch, cap=capsys)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 100  # every loaded rule, not only those with results
    for rule in rules:
        assert rule["help"]["markdown"].startswith(f"# {rule['id']} ")
        for heading in ("What it checks", "Why it matters", "How to fix"):
            assert f"## {heading}" in rule["help"]["markdown"], rule["id"]
            assert heading in rule["help"]["text"], rule["id"]
    k8s001 = next(r for r in rules if r["id"] == "K8S-001")
    assert k8s001["helpUri"] == (
        "https://github.com/iacgate/iacgate/blob/main/docs/rules/k8s_core/K8S-001.md"
    )
    # The page exists where the default URL points (iacgate docs writes it).
    repo = Path(__file__).resolve().parents[2]
    assert (repo / "docs/rules/k8s_core/K8S-001.md").is_file()

    _, log = _sarif(
        ".",
        "--help-base-url",
        "https://docs.example.com/rules/",
        cwd=tmp_path,
        mp=monkeypatch,
        cap=capsys,
    )
    k8s001 = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "K8S-001")
    assert k8s001["helpUri"] == "https://docs.example.com/rules/k8s_core/K8S-001.md"
    code, _, err = cli(
        "scan",
        ".",
        "--help-base-url",
        "javascript:alert(1)",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 2 and "expected an http(s) URL" in err


def _snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A snapshot of the ``shop`` fixtures with one Deployment made privileged by hand."""
    cluster = FakeCluster()
    system_components(cluster)
    cluster.apply_dir(SHOP)

    def privileged(obj: dict[str, Any]) -> None:
        containers = obj["spec"]["template"]["spec"]["containers"]
        containers[0]["securityContext"]["privileged"] = True

    cluster.edit("Deployment", "web", "shop", privileged)
    snapshot = tmp_path / "snapshots" / "prod.json"
    snapshot.parent.mkdir()
    with serving(cluster) as server:
        kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", server.url, namespace="shop")
        args = ["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(snapshot)]
        assert main(args) == 0
    capsys.readouterr()
    return snapshot


def test_live_and_drift_results_have_physical_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _snapshot(tmp_path, capsys)
    code, log = _sarif(
        "--snapshot",
        "snapshots/prod.json",
        "--fail-on",
        "none",
        cwd=tmp_path,
        mp=monkeypatch,
        cap=capsys,
    )
    assert code == 0
    assert_uploadable(log)
    results = log["runs"][0]["results"]
    assert results
    for result in results:
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "snapshots/prod.json"
        assert (
            location["logicalLocations"][0]["fullyQualifiedName"]
            == (result["properties"]["address"])
        )
    # The live finding's fingerprint is the manifest's: same rule, same object.
    live = {
        r["partialFingerprints"]["iacgate/v1"]
        for r in results
        if r["ruleId"] == "K8S-001" and r["properties"]["address"] == "apps/Deployment/shop/web"
    }
    declared, code_dir = tmp_path / "declared", tmp_path / "code"
    for directory in (declared, code_dir):
        directory.mkdir()
        for source in SHOP.iterdir():
            (directory / source.name).write_text(source.read_text())
    web = code_dir / "web.yaml"
    documents = list(yaml.safe_load_all(web.read_text()))
    for document in documents:
        if document and document.get("kind") == "Deployment":
            document["spec"]["template"]["spec"]["containers"][0]["securityContext"][
                "privileged"
            ] = True
    web.write_text(yaml.safe_dump_all(documents))
    _, files = _sarif("code", "--fail-on", "none", cwd=tmp_path, mp=monkeypatch, cap=capsys)
    in_code = {
        r["partialFingerprints"]["iacgate/v1"]
        for r in files["runs"][0]["results"]
        if r["ruleId"] == "K8S-001"
    }
    assert live and live <= in_code

    # Drift: the changed Deployment points at its declaring line, an unmanaged object (none
    # is declared for it) at the snapshot it was read from.
    (declared / "config.yaml").unlink()
    code, out, err = cli(
        "drift",
        "--declared",
        "declared",
        "--snapshot",
        "snapshots/prod.json",
        "--format",
        "sarif",
        "--no-config",
        cwd=tmp_path,
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 1, err
    log = json.loads(out)
    assert_uploadable(log)
    results = log["runs"][0]["results"]
    uris = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in results
    }
    assert ("DRIFT-CHANGED", "declared/web.yaml") in uris
    assert ("K8S-001", "declared/web.yaml") in uris
    assert ("DRIFT-UNMANAGED", "snapshots/prod.json") in uris
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    # A flipped rule carries its own documentation, as in a scan.
    assert "## How to fix" in rules["K8S-001"]["help"]["markdown"]
