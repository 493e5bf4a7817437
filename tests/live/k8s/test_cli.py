"""The live commands end to end: inventory, scan --live/--snapshot, drift, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from iacgate.cli import main

from ...conftest import REPO, run_cli
from .cluster import FakeCluster
from .conftest import SHOP
from .server import ApiServer


def _privileged(obj: dict[str, Any]) -> None:
    obj["spec"]["template"]["spec"]["containers"][0]["securityContext"]["privileged"] = True


def drift_args(kubeconfig: Path, *extra: str) -> list[str]:
    return [
        "drift",
        "--declared",
        str(SHOP),
        "--live",
        "k8s",
        "--kubeconfig",
        str(kubeconfig),
        *extra,
    ]


def test_drift_without_drift_exits_zero(
    kubeconfig: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(drift_args(kubeconfig)) == 0
    out = capsys.readouterr().out
    assert "0 missing, 0 changed, 0 unmanaged, 13 in sync: no drift" in out


def test_drift_found_exits_one_with_security_first(
    kubeconfig: Path, cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster.edit("ConfigMap", "web-config", "shop", lambda o: o["data"].update(CACHE_TTL="1"))
    cluster.edit("Deployment", "web", "shop", _privileged)
    assert main(drift_args(kubeconfig, "--format", "json")) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["version"] == "1"
    first = report["items"][0]
    assert (first["status"], first["address"], first["security"], first["rules"]) == (
        "changed",
        "apps/Deployment/shop/web",
        True,
        ["K8S-001"],
    )
    assert report["summary"]["changed"] == 2 and report["summary"]["security"] == 1
    assert report["summary"]["gate"] == "failed"


def test_drift_markdown(
    kubeconfig: Path, cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster.delete("Service", "web", "shop")
    assert main(drift_args(kubeconfig, "--format", "markdown")) == 1
    out = capsys.readouterr().out
    assert out.startswith("## Drift: `k8s:test`")
    assert "|  | missing | `k8s.core.service` | `core/Service/shop/web` |" in out


def test_unmanaged_fails_only_when_asked(
    kubeconfig: Path, cluster: FakeCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster.create(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "debug", "namespace": "shop"},
        }
    )
    assert main(drift_args(kubeconfig)) == 0
    assert "unmanaged core/ConfigMap/shop/debug" in capsys.readouterr().out
    assert main(drift_args(kubeconfig, "--fail-on-unmanaged")) == 1


def test_incomplete_fails_only_when_asked(
    kubeconfig: Path, server: ApiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.forbid("secrets")
    assert main(drift_args(kubeconfig)) == 0
    out = capsys.readouterr().out
    assert "not verified core/Secret/shop/web-db" in out
    assert "not collected: k8s.core.secret in shop: denied" in out
    assert main(drift_args(kubeconfig, "--fail-on-incomplete")) == 1


def test_drift_against_a_snapshot(
    kubeconfig: Path, cluster: FakeCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = tmp_path / "snapshot.json"
    assert main(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(snapshot)]) == 0
    assert "resources from k8s:test; 19/19 lists complete" in capsys.readouterr().err
    data = json.loads(snapshot.read_text())
    assert data["format"] == "iacgate-snapshot" and data["provider"] == "k8s"
    assert main(["drift", "--declared", str(SHOP), "--snapshot", str(snapshot)]) == 0
    # The cluster changes after the snapshot: the snapshot does not.
    cluster.delete("Service", "web", "shop")
    assert main(["drift", "--declared", str(SHOP), "--snapshot", str(snapshot)]) == 0
    assert main(drift_args(kubeconfig)) == 1


def test_inventory_fail_on_incomplete(
    kubeconfig: Path, server: ApiServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.forbid("roles")
    out = tmp_path / "s.json"
    assert main(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "not collected: k8s.rbac.role: denied: 403 Forbidden" in err
    args = [
        "inventory",
        "k8s",
        "--kubeconfig",
        str(kubeconfig),
        "-o",
        str(out),
        "--fail-on-incomplete",
    ]
    assert main(args) == 1
    gaps = [c for c in json.loads(out.read_text())["coverage"] if c["status"] != "complete"]
    assert [(g["kind"], g["status"]) for g in gaps] == [("k8s.rbac.role", "denied")]


def test_inventory_namespace_selection(kubeconfig: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert (
        main(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-n", "shop", "-o", str(out)])
        == 0
    )
    data = json.loads(out.read_text())
    assert data["target"]["namespaces"] == ["shop"]
    namespaces = {r["attributes"]["metadata"].get("namespace") for r in data["resources"]}
    assert namespaces == {"shop", None}  # None: cluster-scoped kinds


def test_scan_live_and_snapshot_agree(
    kubeconfig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", "--live", "k8s", "--kubeconfig", str(kubeconfig), "--format", "json"]) == 1
    live = json.loads(capsys.readouterr().out)
    by_address = {(f["code"], f["address"]) for f in live["findings"]}
    # kube-proxy runs privileged on the host network: posture sees what runs, not only manifests.
    assert ("K8S-001", "apps/DaemonSet/kube-system/kube-proxy") in by_address
    assert ("K8S-002", "apps/DaemonSet/kube-system/kube-proxy") in by_address
    assert ("K8S-013", "apps/Deployment/shop/web") in by_address
    assert all(f["source"] == "live-k8s" for f in live["findings"])
    snapshot = tmp_path / "s.json"
    assert main(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(snapshot)]) == 0
    assert main(["scan", "--snapshot", str(snapshot), "--format", "json"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["address"], f["path"]) for f in again["findings"]] == [
        (f["code"], f["address"], f["path"]) for f in live["findings"]
    ]


def test_scan_live_reports_coverage_gaps(
    kubeconfig: Path, server: ApiServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.forbid("daemonsets")
    main(["scan", "--live", "k8s", "--kubeconfig", str(kubeconfig), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["skipped"][0]["file"] == "k8s.apps.daemon_set (everywhere)"
    assert "denied" in report["skipped"][0]["reason"]
    addresses = {f["address"] for f in report["findings"]}
    assert "apps/DaemonSet/kube-system/kube-proxy" not in addresses
    # Its Pod was collected: posture still sees the privileged container that runs.
    assert any(a.startswith("core/Pod/kube-system/kube-proxy-") for a in addresses)


def test_print_permissions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--print-permissions", "k8s"]) == 0
    role = yaml.safe_load(capsys.readouterr().out)
    assert role["kind"] == "ClusterRole" and role["metadata"]["name"] == "iacgate-reader"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["drift", "--live", "k8s"], "--declared"),
        (["drift", "--declared", str(SHOP)], "exactly one of"),
        (
            ["drift", "--declared", str(SHOP), "--live", "k8s", "--snapshot", "x.json"],
            "exactly one",
        ),
        (["drift", "--declared", "no/such/dir", "--snapshot", "x.json"], "no such file"),
        (["scan", "--live", "k8s", "--snapshot", "x.json"], "exclude each other"),
        (["scan", str(SHOP), "--live", "k8s"], "drop the PATHS"),
        (["drift", "--declared", str(SHOP), "--live", "aws"], "no AWS resources"),
    ],
)
def test_usage_errors_exit_two(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_config_errors_exit_two(
    kubeconfig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(drift_args(kubeconfig, "--context", "stranger")) == 2
    assert "401 Unauthorized" in capsys.readouterr().err
    assert main(drift_args(kubeconfig, "--context", "absent")) == 2
    assert "context 'absent' not found" in capsys.readouterr().err
    bad = tmp_path / "snapshot.json"
    bad.write_text('{"format": "iacgate-snapshot", "version": 99}')
    assert main(["drift", "--declared", str(SHOP), "--snapshot", str(bad)]) == 2
    assert "version 99 is not supported" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n")
    assert main(["drift", "--declared", str(broken), "--snapshot", str(bad)]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ["drift", "--declared", str(empty), "--live", "k8s", "--kubeconfig", str(kubeconfig)]
    assert main(args) == 2
    assert "no Kubernetes objects" in capsys.readouterr().err


def test_unparseable_declaration_names_file_and_line(
    kubeconfig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n")
    assert (
        main(["drift", "--declared", str(broken), "--live", "k8s", "--kubeconfig", str(kubeconfig)])
        == 2
    )
    err = capsys.readouterr().err
    assert "broken.yaml:" in err and "cannot be read" in err


def test_progress_only_on_a_terminal(
    kubeconfig: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "s.json"
    assert main(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(out)]) == 0
    assert "[19/19]" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(out)]) == 0
    assert "[19/19]" in capsys.readouterr().err


def test_drift_as_a_whole_process(kubeconfig: Path, cluster: FakeCluster) -> None:
    cluster.edit("Deployment", "web", "shop", _privileged)
    done = run_cli(
        "drift", "--declared", str(SHOP), "--live", "k8s", "--kubeconfig", str(kubeconfig)
    )
    assert done.returncode == 1, done.stderr
    first = done.stdout.splitlines()[1]
    assert first.split() == [
        "SECURITY",
        "changed",
        "apps/Deployment/shop/web",
        "[K8S-001]",
        "tests/fixtures/live/k8s/shop/web.yaml:2",
    ]
    assert done.stderr == ""  # no progress output: stderr is not a terminal


def test_kubernetes_stays_out_of_import_and_file_scans() -> None:
    code = (
        "import sys, iacgate\n"
        "assert 'kubernetes' not in sys.modules, 'import iacgate'\n"
        "from iacgate.cli import main\n"
        "main(['scan', 'docs/examples/kubernetes/secure', '--format', 'json'])\n"
        "main(['drift', '--print-permissions', 'k8s'])\n"
        "assert 'kubernetes' not in sys.modules, 'scan / print-permissions'\n"
        "print('clean')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("clean")


def test_inventory_kind_selection(
    kubeconfig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s.json"
    args = ["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(out)]
    assert main([*args, "--kind", "Deployment", "--kind", "pods"]) == 0
    data = json.loads(out.read_text())
    assert {r["kind"] for r in data["resources"]} == {"k8s.apps.deployment", "k8s.core.pod"}
    assert data["target"]["kinds"] == ["k8s.core.pod", "k8s.apps.deployment"]
    assert main([*args, "--kind", "Widget"]) == 2
    assert "unknown kind 'Widget'" in capsys.readouterr().err


def test_live_findings_go_through_the_gate(
    kubeconfig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Configuration, exceptions and the threshold apply to live findings as to files."""
    config = tmp_path / ".iacgate.yaml"
    config.write_text(
        "exceptions:\n"
        "  - rule: K8S-0*\n"
        "    namespace: kube-system\n"
        "    owner: platform@example.com\n"
        "    reason: the node agents need the host\n"
        "    expires: 2999-12-31\n"
        "  - rule: K8S-012\n"
        "    address: rbac.authorization.k8s.io/ClusterRole/cluster-admin\n"
        "    owner: platform@example.com\n"
        "    reason: Kubernetes' own role\n"
        "    expires: 2999-12-31\n"
    )
    live = ["scan", "--live", "k8s", "--kubeconfig", str(kubeconfig), "--format", "json"]
    assert main([*live, "--config", str(config), "--fail-on", "critical"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f for f in report["findings"] if f["gating"]] == []
    suppressed = {(f["code"], f["address"]) for f in report["findings"] if "suppressed" in f}
    assert ("K8S-001", "apps/DaemonSet/kube-system/kube-proxy") in suppressed
    assert ("K8S-012", "rbac.authorization.k8s.io/ClusterRole/cluster-admin") in suppressed
    assert main([*live, "--no-config"]) == 1  # kube-proxy runs privileged
    assert main([*live, "--no-config", "--diff-base", "main"]) == 2
    assert "does not apply to --live" in capsys.readouterr().err
