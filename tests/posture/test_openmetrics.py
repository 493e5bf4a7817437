"""OpenMetrics output, parsed by the official Prometheus Python client (both its OpenMetrics
parser and its Prometheus text-format parser, as node_exporter's textfile collector reads it)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from iacgate.posture.history import load
from iacgate.posture.report import PostureReport, build
from iacgate.reporters.openmetrics import escape, render

from .synthetic import DAY, FILES_LABEL, NOW, SCOPE, write_history

openmetrics_parser = pytest.importorskip("prometheus_client.openmetrics.parser")
text_parser = pytest.importorskip("prometheus_client.parser")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> PostureReport:
    return build(load([], write_history(tmp_path_factory.mktemp("history"))), NOW)


def samples(text: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Family name -> {sorted labels: value}, from the OpenMetrics parser."""
    out: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in openmetrics_parser.text_string_to_metric_families(text):
        assert family.type == "gauge", family.name
        for sample in family.samples:
            out.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return out


def one(found: dict[tuple[tuple[str, str], ...], float], **labels: Any) -> float:
    return found[tuple(sorted(labels.items()))]


def test_metrics_parse_and_carry_the_hand_worked_figures(report: PostureReport) -> None:
    text = render(report)
    assert text.endswith("# EOF\n")
    got = samples(text)
    # Figures worked out in test_figures.py.
    assert one(got["iacgate_findings"], severity="critical", framework="k8s-pss") == 1
    assert one(got["iacgate_findings"], severity="high", framework="cis-aws-3.0") == 1
    assert len(got["iacgate_findings"]) == 7
    assert one(got["iacgate_open_findings"], severity="low") == 1
    assert one(got["iacgate_compliance_ratio"], framework="cis-aws-3.0") == 0.75
    assert one(got["iacgate_compliance_ratio"], framework="cis-k8s-1.9") == 0.8
    assert one(got["iacgate_compliance_checks"], framework="aws-fsbp", result="unknown") == 1
    assert one(got["iacgate_compliance_controls"], framework="cis-aws-3.0", state="no-data") == 1
    assert one(got["iacgate_drift_items"], status="missing") == 1
    assert one(got["iacgate_drift_items"], status="changed") == 3
    assert one(got["iacgate_drift_items"], status="unmanaged") == 4
    assert one(got["iacgate_drift_ratio"]) == 0.2
    assert one(got["iacgate_security_drift_ratio"]) == 0.1
    assert one(got["iacgate_coverage_ratio"]) == 0.9
    assert one(got["iacgate_live_coverage_ratio"], scope=SCOPE) == 0.5
    assert one(got["iacgate_live_lists"], scope=SCOPE, status="denied") == 1
    assert one(got["iacgate_scan_duration_seconds"], target=FILES_LABEL) == 12.0
    assert one(got["iacgate_scan_duration_seconds"], target=SCOPE) == 3.25
    assert one(got["iacgate_mttd_seconds"]) == 1.5 * DAY
    assert one(got["iacgate_mttr_seconds"]) == pytest.approx(2.6 * DAY)
    assert one(got["iacgate_open_finding_age_seconds"]) == 2.25 * DAY
    assert one(got["iacgate_fixed_findings"]) == 3 and one(got["iacgate_new_findings"]) == 0
    assert one(got["iacgate_exceptions_expiring"]) == 2
    assert one(got["iacgate_report_problems"]) == 3
    # The same text reads as the Prometheus text format (node_exporter's textfile collector).
    families = {f.name: f for f in text_parser.text_string_to_metric_families(text)}
    assert families["iacgate_compliance_ratio"].type == "gauge"
    assert len(families["iacgate_findings"].samples) == 7


def test_label_values_from_reports_are_escaped(report: PostureReport) -> None:
    hostile = 'repo "x"\\y\nz\r# EOF\x1b[31m'
    (files, live) = report.latest_scans
    odd = dataclasses.replace(
        report, latest_scans=(dataclasses.replace(files, label=hostile), live)
    )
    got = samples(render(odd))
    labels = {dict(k)["target"] for k in got["iacgate_scan_duration_seconds"]}
    # Quote, backslash and newline survive escaped; other control characters are replaced.
    assert labels == {'repo "x"\\y\nz\ufffd# EOF\ufffd[31m', SCOPE}
    assert escape('a"b\\c\nd') == 'a\\"b\\\\c\\nd'


def test_unknown_figures_are_left_out_not_zero(tmp_path: Path) -> None:
    # One scan written before per-rule counts; nothing fixed yet, no drift, no inventory.
    history = tmp_path / "h"
    write_history(history)
    document = json.loads((history / "2024-05-01" / "scan.json").read_text())
    del document["rules"]
    only = tmp_path / "old.json"
    only.write_text(json.dumps(document))
    got = samples(render(build(load([only]), NOW)))
    for absent in (
        "iacgate_compliance_ratio",
        "iacgate_drift_items",
        "iacgate_drift_ratio",
        "iacgate_mttr_seconds",
        "iacgate_mttd_seconds",
        "iacgate_live_coverage_ratio",
        "iacgate_new_findings",
    ):
        assert absent not in got, absent
    # The first run: its open findings are all "open", their age zero.
    assert one(got["iacgate_open_finding_age_seconds"]) == 0
