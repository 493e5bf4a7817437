"""Live reports (inventory, posture scan, drift) carry their run and make a posture history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacgate.cli import main

from .conftest import SHOP


def test_live_reports_carry_their_run_and_feed_the_posture_report(
    kubeconfig: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "nightly"
    history.mkdir()
    inventory = history / "inventory.json"
    assert main(["inventory", "k8s", "--kubeconfig", str(kubeconfig), "-o", str(inventory)]) == 0
    snapshot = json.loads(inventory.read_text())
    assert snapshot["generated_at"] == snapshot["collected_at"]
    assert 0 <= snapshot["duration_seconds"] < 60
    posture = history / "posture.json"
    main(["scan", "--snapshot", str(inventory), "--format", "json", "-o", str(posture)])
    scan = json.loads(posture.read_text())
    assert scan["target"]["type"] == "live" and scan["target"]["scope"] == "k8s:test"
    assert scan["target"]["collected_at"] == snapshot["collected_at"]
    assert scan["target"]["collection_seconds"] == snapshot["duration_seconds"]
    assert "kinds" not in scan["target"]  # the coverage says which kinds were read
    assert any(r["checks"] for r in scan["rules"])
    drift = history / "drift.json"
    main(["drift", "--declared", str(SHOP), "--snapshot", str(inventory), "--format", "json",
          "-o", str(drift)])  # fmt: skip
    report = json.loads(drift.read_text())
    assert report["report"] == "drift" and report["target"]["scope"] == "k8s:test"
    assert report["duration_seconds"] >= 0 and report["generated_at"].endswith("Z")
    capsys.readouterr()
    assert main(["report", "--history", str(history), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["history"]["documents"] == {"scan": 1, "drift": 1, "inventory": 1}
    assert out["history"]["problems"] == []
    (live,) = out["coverage"]["live"]
    assert (live["scope"], live["ratio"], len(live["lists"])) == ("k8s:test", 1.0, 19)
    assert out["drift"]["total"]["declared"] == 13 and out["drift"]["total"]["rate"] == 0.0
    assert out["trends"][0]["label"] == "k8s:test"
