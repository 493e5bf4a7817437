"""``iacgate report`` as a whole process, on reports real scans wrote; the JSON reports carry what
a history needs; the synthetic history has the real reports' shape; start-up stays lean."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from iacgate.driftcheck.model import DriftReport
from iacgate.live.coverage import Coverage, CoverageEntry, CoverageStatus
from iacgate.live.snapshot import Snapshot, dumps
from iacgate.posture.history import DriftRun, InventoryRun, Unusable, parse
from iacgate.reporters.drift import render_json

from ..conftest import EXAMPLES, REPO, run_cli
from .synthetic import NOW, scan_report, write_history

WEB = EXAMPLES / "kubernetes" / "insecure" / "web.yaml"
TIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"


def scan_json(tree: Path, out: Path) -> dict[str, Any]:
    done = run_cli("scan", "--format", "json", "-o", str(out), "--fail-on", "none", ".", cwd=tree)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def nightly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real scans of a tree in a git repository; between them one finding is fixed."""
    tree = tmp_path_factory.mktemp("tree")
    shutil.copy(WEB, tree / "web.yaml")
    if shutil.which("git"):
        for args in (["init", "-q", "-b", "main"], ["add", "."]):
            subprocess.run(["git", *args], cwd=tree, check=True)
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
            cwd=tree,
            check=True,
        )
    history = tmp_path_factory.mktemp("history")
    scan_json(tree, history / "1.json")
    text = (tree / "web.yaml").read_text()
    (tree / "web.yaml").write_text(text.replace("privileged: true", "privileged: false"))
    scan_json(tree, history / "2.json")
    return history


def test_a_scan_report_carries_time_target_duration_and_per_rule_counts(nightly: Path) -> None:
    first = json.loads((nightly / "1.json").read_text())
    assert first["report"] == "scan" and first["version"] == "1"
    assert __import__("re").match(TIME, first["generated_at"])
    assert 0 < first["duration_seconds"] < 60
    target = first["target"]
    assert target["type"] == "files" and target["paths"] == ["."]
    if shutil.which("git"):
        assert target["branch"] == "main" and len(target["commit"]) == 40
    rules = {r["code"]: r for r in first["rules"]}
    privileged = rules["K8S-001"]
    assert (privileged["checks"], privileged["failed"], privileged["passed"]) == (1, 1, 0)
    assert privileged["frameworks"]["k8s-pss"] == ["baseline/privileged-containers"]
    summary = first["summary"]
    assert summary["checks"] == sum(r["checks"] for r in first["rules"])
    assert summary["passed"] == sum(r["passed"] for r in first["rules"])
    # One Deployment judged, the Service too: every resource of the file is of a judged kind.
    assert summary["judged_resources"] == summary["resources"] == 2


def test_report_over_real_scans_in_every_format(nightly: Path, tmp_path: Path) -> None:
    done = run_cli("report", "--history", str(nightly), "--format", "json")
    assert done.returncode == 0, done.stderr
    posture = json.loads(done.stdout)
    (trend,) = posture["trends"]
    first, second = trend["runs"]
    assert (first["new"], second["new"], second["fixed"]) == (None, 0, 1)  # privileged fixed
    assert first["open"] == second["open"] + 1
    assert posture["timing"]["remediated"] == 1
    pss = next(c for c in posture["compliance"] if c["framework"] == "k8s-pss")
    assert pss["failed"] > 0 and 0 < pss["ratio"] < 1
    for fmt, marker in (
        ("markdown", "# iacgate posture report"),
        ("html", "<!DOCTYPE html>"),
        ("openmetrics", "# EOF"),
    ):
        out = tmp_path / f"posture.{fmt}"
        done = run_cli(
            "report",
            str(nightly / "1.json"),
            str(nightly / "2.json"),
            "--format",
            fmt,
            "-o",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        assert marker in out.read_text()


def test_report_usage_and_unusable_inputs(tmp_path: Path) -> None:
    assert run_cli("report").returncode == 2
    assert run_cli("report", str(tmp_path / "missing.json")).returncode == 2
    assert run_cli("report", "--history", str(tmp_path / "nowhere")).returncode == 2
    (tmp_path / "bad\x1b[31m.json").write_text("{")
    done = run_cli("report", "--history", str(tmp_path))
    assert done.returncode == 2
    assert "not used" in done.stderr and "not valid JSON" in done.stderr
    assert "\x1b" not in done.stderr  # a file name cannot drive the terminal
    assert "no usable report" in done.stderr


def test_the_synthetic_history_has_the_shape_of_real_reports(nightly: Path) -> None:
    real = json.loads((nightly / "1.json").read_text())
    fake = scan_report("2024-05-01T02:00:00Z", ["A", "F"], {"K8S-001": (1, 1, 0, 0)}, {})
    assert set(fake) == set(real)
    assert set(fake["summary"]) == set(real["summary"])
    assert set(fake["rules"][0]) == set(real["rules"][0])
    # A finding's suppression and risk score are there only when it has them.
    optional = ("suppressed", "risk")
    plain = {k for k in fake["findings"][0] if k not in optional}
    assert plain == {k for k in real["findings"][0] if k not in optional}


def test_drift_and_inventory_json_are_read_into_the_history() -> None:
    coverage = Coverage.of(
        [
            CoverageEntry("aws.s3.bucket", "*", CoverageStatus.COMPLETE, 2),
            CoverageEntry("aws.ec2.instance", "eu-west-1", CoverageStatus.DENIED),
        ]
    )
    report = DriftReport(
        "aws", "aws:1", "2024-05-01T02:00:00Z", (), coverage, declared=4, in_sync=4,
        target={"type": "drift", "scope": "aws:1", "commit": "a" * 40}, duration_seconds=2.5,
    )  # fmt: skip
    document = json.loads(render_json(report, False))
    assert document["report"] == "drift" and document["duration_seconds"] == 2.5
    assert document["target"]["commit"] == "a" * 40
    drift = parse(document, "drift.json")
    assert isinstance(drift, DriftRun) and (drift.declared, drift.in_sync) == (4, 4)
    snapshot = Snapshot("aws", "aws:1", "2024-05-01T02:00:00Z", coverage, (), duration_seconds=9.5)
    inventory = parse(json.loads(dumps(snapshot)), "inventory.json")
    assert isinstance(inventory, InventoryRun)
    assert inventory.duration_seconds == 9.5
    assert [(c.kind, c.status) for c in inventory.coverage] == [
        ("aws.ec2.instance", "denied"),
        ("aws.s3.bucket", "complete"),
    ]
    with pytest.raises(Unusable, match="version"):
        parse({**document, "version": "2"}, "future.json")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_scans_load_no_posture_code_and_report_loads_nothing_heavy(tmp_path: Path) -> None:
    scan = _modules_after(
        "import contextlib, io\nfrom iacgate.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['scan', '--format', 'json', '--fail-on', 'none', {str(WEB)!r}])"
    )
    assert not {m for m in scan if m.startswith("iacgate.posture") or "report_" in m}
    # A text scan (a pre-commit hook) does not even read .git: only reports that show the
    # repository and commit do.
    text = _modules_after(
        "import contextlib, io\nfrom iacgate.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['scan', '--fail-on', 'none', {str(WEB)!r}])"
    )
    assert "iacgate.provenance" not in text and "iacgate.provenance" in scan
    history = write_history(tmp_path / "h")
    report = _modules_after(
        "import contextlib, io\nfrom iacgate.cli import main\nquiet = io.StringIO()\n"
        "with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):\n"
        f"    main(['report', '--history', {str(history)!r}, '--format', 'html'])"
    )
    heavy = {"boto3", "botocore", "kubernetes", "cfnlint", "git", "jsonschema", "networkx", "yaml"}
    assert not {m.split(".")[0] for m in report} & heavy
    # Nor any reader of scanned files, nor the engine: a report reads reports only.
    assert not {m for m in report if m.startswith(("iacgate.sources", "iacgate.engine"))}
    assert NOW  # the synthetic history is dated; the report's own date is the clock's


def test_report_json_of_the_cli_matches_the_library(tmp_path: Path) -> None:
    history = write_history(tmp_path / "h")
    done = run_cli("report", "--history", str(history), "--format", "json", cwd=REPO)
    assert done.returncode == 0
    posture = json.loads(done.stdout)
    assert posture["report"] == "posture"
    assert [p["file"].rsplit("/", 1)[-1] for p in posture["history"]["problems"]] == [
        "broken.json",
        "notes.json",
        "undated.json",
    ]
    assert posture["drift"]["total"]["rate"] == 0.2
    assert posture["coverage"]["ratio"] == 0.9
