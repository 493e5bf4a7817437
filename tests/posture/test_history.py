"""Reading a history: order, streams, and every kind of file that cannot be used, reported and
never fatal (FIFOs, symlink loops, deep nesting, oversized or malformed reports)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from iacgate.posture import history as history_module
from iacgate.posture.history import DriftRun, ScanRun, load, parse, parse_time

from .synthetic import COUNTS, drift_report, scan_report

FILES = {"type": "files", "paths": ["."], "repository": "https://x/r.git"}


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document))
    return path


def reasons(found: object) -> dict[str, str]:
    return {Path(p.file).name: p.reason for p in found.problems}  # type: ignore[attr-defined]


def test_order_is_generated_at_then_file_name_whatever_the_time_zone(tmp_path: Path) -> None:
    write(tmp_path / "b.json", scan_report("2024-05-01T04:00:00+02:00", [], {}, FILES))  # 02:00Z
    write(tmp_path / "a.json", scan_report("2024-05-01T02:00:00Z", [], {}, FILES))
    write(tmp_path / "c.json", scan_report("2024-04-30T23:00:00Z", [], {}, FILES))
    found = load([], tmp_path)
    assert [Path(r.file).name for r in found.runs] == ["c.json", "a.json", "b.json"]
    assert found.problems == ()
    # The same file named twice (and found in the directory) is read once.
    again = load([tmp_path / "a.json", tmp_path / "a.json"], tmp_path)
    assert len(again.runs) == 3


def test_streams_keep_targets_apart(tmp_path: Path) -> None:
    other = {**FILES, "paths": ["k8s"]}
    live = {"type": "live", "scope": "aws:1"}
    plan = {"type": "plan", "plan": "tfplan.json", "repository": "https://x/r.git"}
    for name, target in (("a", FILES), ("b", other), ("c", live), ("d", plan), ("e", {})):
        write(tmp_path / f"{name}.json", scan_report("2024-05-01T02:00:00Z", [], {}, target))
    streams = load([], tmp_path).streams(ScanRun)
    assert list(streams) == [
        "files:https://x/r.git:.",
        "files:https://x/r.git:k8s",
        "live:aws:1",
        "plan:https://x/r.git:tfplan.json",
        "scan:?",
    ]
    assert [runs[0].label for runs in streams.values()] == [
        "https://x/r.git (.)",
        "https://x/r.git (k8s)",
        "aws:1",
        "https://x/r.git (tfplan.json)",
        "(target not recorded)",
    ]


def test_unusable_files_are_reported_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write(
        tmp_path / "good.json", scan_report("2024-05-01T02:00:00Z", ["A"], COUNTS["R1"], FILES)
    )
    limit = good.stat().st_size
    os.mkfifo(tmp_path / "fifo.json")  # reading it would block
    (tmp_path / "loop").symlink_to(tmp_path)  # a directory loop: not followed
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "big.json").write_text(" " * limit + "{}")
    bad_severity = scan_report("2024-05-01T02:00:00Z", ["A"], {}, FILES)
    bad_severity["findings"][0]["severity"] = "urgent"
    write(tmp_path / "severity.json", bad_severity)
    no_fingerprint = scan_report("2024-05-01T02:00:00Z", ["A"], {}, FILES)
    del no_fingerprint["findings"][0]["fingerprint"]
    write(tmp_path / "fingerprint.json", no_fingerprint)
    naive = scan_report("2024-05-01T02:00:00", [], {}, FILES)  # no zone: cannot be ordered
    write(tmp_path / "naive.json", naive)
    future = {**scan_report("2024-05-01T02:00:00Z", [], {}, FILES), "version": "2"}
    write(tmp_path / "future.json", future)
    bad_rules = scan_report("2024-05-01T02:00:00Z", [], {"K8S-001": (1, 0, 0, 0)}, FILES)
    bad_rules["rules"][0]["passed"] = -1
    write(tmp_path / "rules.json", bad_rules)
    monkeypatch.setattr(history_module, "MAX_REPORT_BYTES", limit)
    found = load([], tmp_path)
    assert [Path(r.file).name for r in found.runs] == ["good.json"]
    assert reasons(found) == {
        "big.json": f"larger than {limit} bytes",
        "binary.json": "not valid JSON at line 1",
        "fifo.json": "not a regular file",
        "fingerprint.json": "findings[0]: 'code', 'status' or 'fingerprint' is malformed",
        "future.json": "scan report version '2' is not supported (reads 1)",
        "list.json": "not an iacgate report (a JSON object is expected)",
        "naive.json": "no generated_at (a UTC time): the report cannot be placed in the history",
        "rules.json": "rules[0]: 'passed' is not a count",
        "severity.json": "findings[0]: unknown severity 'urgent'",
    }


def test_deeply_nested_json_is_refused_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    assert reasons(load([], tmp_path)) == {"deep.json": "JSON nested too deeply"}


def test_reports_written_before_they_named_themselves_are_recognised() -> None:
    old_scan = scan_report("2024-05-01T02:00:00Z", ["A"], {}, FILES)
    for key in ("report", "rules", "target"):
        del old_scan[key]
    run = parse(old_scan, "old.json")
    assert isinstance(run, ScanRun) and run.rules is None and run.label == "(target not recorded)"
    old_drift = drift_report("2024-05-01T02:00:00Z", {"declared": 3}, [])
    for key in ("report", "generated_at", "target", "duration_seconds"):
        del old_drift[key]
    drift = parse(old_drift, "old-drift.json")  # placed by collected_at
    assert isinstance(drift, DriftRun) and drift.generated_at == parse_time("2024-05-01T02:00:00Z")


def test_a_run_judges_what_it_read_with_rules_it_ran() -> None:
    document = scan_report(
        "2024-05-04T02:00:00Z",
        ["B", "P"],
        {"K8S-001": (2, 1, 0, 0)},
        FILES,
        skipped=[{"file": "chart/x.yaml", "reason": "template"}],
    )
    run = parse(document, "r.json")
    assert isinstance(run, ScanRun)
    assert run.unjudged_files == {"broken.yaml", "chart/x.yaml"}  # the parse error, the skip
    b, p = run.issues["fp-B"], run.issues["fp-P"]
    assert run.judges(b)  # web.yaml read, K8S-001 ran
    assert not run.judges(p)  # broken.yaml did not parse
    assert not run.judges(type(b)("fp-X", "AWS-S3-002", "x", b.severity, "s3.tf"))  # not run
    assert run.parse_errors == 1 and run.skipped == 1
