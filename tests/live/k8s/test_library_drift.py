"""docs/library.md's drift script, run against a served cluster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import iacgate
from iacgate.collection import K8sTarget
from iacgate.live.snapshot import dumps

from ...test_library import doc_script, run_script
from .cluster import FakeCluster
from .conftest import SHOP


def _privileged(obj: dict[str, Any]) -> None:
    obj["spec"]["template"]["spec"]["containers"][0]["securityContext"] = {"privileged": True}


def test_the_drift_script_finds_what_changed_in_the_cluster(
    kubeconfig: Path, cluster: FakeCluster, tmp_path: Path
) -> None:
    source = doc_script("drift.py")
    snapshot = tmp_path / "snapshot.json"
    env = {"KUBECONFIG": str(kubeconfig)}
    clean = run_script(source, tmp_path, str(SHOP), str(snapshot), **env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.rstrip().endswith("no drift")
    assert json.loads(snapshot.read_text("utf-8"))["provider"] == "k8s"
    cluster.edit("Deployment", "web", "shop", _privileged)
    drifted = run_script(source, tmp_path, str(SHOP), str(snapshot), **env)
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    assert "changed   apps/Deployment/shop/web (security)" in drifted.stdout


def test_inventory_and_drift_in_process(
    kubeconfig: Path, cluster: FakeCluster, tmp_path: Path
) -> None:
    snapshot = iacgate.inventory("k8s", k8s=K8sTarget(kubeconfig=str(kubeconfig)))
    assert snapshot.provider == "k8s" and snapshot.resources
    written = tmp_path / "snapshot.json"
    written.write_text(dumps(snapshot), encoding="utf-8")
    assert iacgate.drift([SHOP], snapshot=written, use_config=False).passed
    cluster.delete("Service", "web", "shop")
    live = iacgate.drift(
        [SHOP], live="k8s", k8s=K8sTarget(kubeconfig=str(kubeconfig)), use_config=False
    )
    assert not live.passed
    missing = [i.address for i in live.report.items if i.status.value == "missing"]
    assert missing == ["core/Service/shop/web"]
    assert json.loads(live.to_json())["summary"]["gate"] == "failed"
