"""The posture report as OpenMetrics text, for Prometheus (node_exporter's textfile collector or
a Pushgateway). Every family is a gauge, so the text also reads as the Prometheus 0.0.4 text
format; label values are escaped; the text ends with ``# EOF`` (docs/reporting.md lists the
metrics). Figures the history cannot give (no drift report, no fixed finding yet) are left out,
never written as zero."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from iacgate.posture.compliance import ControlState
from iacgate.posture.coverage import LiveList
from iacgate.posture.drift_rate import total
from iacgate.posture.report import PostureReport
from iacgate.rules.metadata import Severity

Labels = Mapping[str, str]
Sample = tuple[Labels, float | int | None]
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def escape(value: str) -> str:
    """A label value: backslash, double quote and newline escaped; other control characters
    (which line-based readers could split on) replaced."""
    value = _UNSAFE.sub("\ufffd", value)
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    return repr(round(value, 6))


def _family(name: str, help_text: str, samples: Iterable[Sample], unit: str = "") -> list[str]:
    rows = []
    for labels, value in samples:
        if value is None:
            continue  # unknown: left out, not zero
        shown = ",".join(f'{k}="{escape(v)}"' for k, v in labels.items())
        rows.append(f"{name}{{{shown}}} {_number(value)}" if shown else f"{name} {_number(value)}")
    if not rows:
        return []
    head = [f"# TYPE {name} gauge"]
    if unit:
        head.append(f"# UNIT {name} {unit}")
    head.append(f"# HELP {name} {help_text}")
    return head + rows


def _one(value: float | int | None) -> Sequence[Sample]:
    return [({}, value)]


def render(report: PostureReport) -> str:
    scans = report.latest_scans
    coverage = report.coverage
    lines: list[str] = []
    add = lines.extend
    add(
        _family(
            "iacgate_report_documents",
            "Reports read into the history, by kind.",
            [({"kind": k}, n) for k, n in report.documents.items()],
        )
    )
    add(
        _family(
            "iacgate_report_problems",
            "Files of the history that could not be used (listed in the report).",
            _one(len(report.problems)),
        )
    )
    add(
        _family(
            "iacgate_findings",
            "Unsuppressed failing findings in the newest scan of each target, by severity and "
            "framework (framework none: the rule maps to none; a finding mapped to two "
            "frameworks counts in both).",
            [
                ({"severity": severity.label, "framework": framework}, count)
                for (severity, framework), count in sorted(
                    report.findings_by_framework.items(), key=lambda i: (-i[0][0], i[0][1])
                )
            ],
        )
    )
    by_severity: dict[Severity, int] = {}
    for run in scans:
        for severity, count in run.open_by_severity.items():
            by_severity[severity] = by_severity.get(severity, 0) + count
    add(
        _family(
            "iacgate_open_findings",
            "Unsuppressed failing findings in the newest scan of each target, by severity.",
            [({"severity": s.label}, n) for s, n in sorted(by_severity.items(), reverse=True)],
        )
    )
    if scans:
        add(
            _family(
                "iacgate_unknown_findings",
                "Unsuppressed findings a rule could not decide (UNKNOWN), newest scans.",
                _one(sum(r.unknown for r in scans)),
            )
        )
        add(
            _family(
                "iacgate_suppressed_findings",
                "Findings covered by an inline ignore or an exception, newest scans.",
                _one(sum(r.suppressed for r in scans)),
            )
        )
    add(
        _family(
            "iacgate_compliance_ratio",
            "Passing share of the judged checks (passed / (passed + failed)) of the rules "
            "mapped to a framework; UNKNOWN and not-judged checks are not in it.",
            [({"framework": c.framework}, c.tally.ratio) for c in report.compliance],
        )
    )
    add(
        _family(
            "iacgate_compliance_checks",
            "Checks of the rules mapped to a framework, by result.",
            [
                ({"framework": c.framework, "result": result}, value)
                for c in report.compliance
                for result, value in (
                    ("passed", c.tally.passed),
                    ("failed", c.tally.failed),
                    ("unknown", c.tally.unknown),
                    ("not_judged", c.tally.not_judged),
                )
            ],
        )
    )
    add(
        _family(
            "iacgate_compliance_controls",
            "Controls of a framework by state (passing, failing, incomplete, no-data).",
            [
                ({"framework": c.framework, "state": state.value}, c.controls_in(state))
                for c in report.compliance
                for state in ControlState
            ],
        )
    )
    add(
        _family(
            "iacgate_coverage_ratio",
            "Resources judged by at least one rule over resources read, newest scans.",
            _one(coverage.ratio),
        )
    )
    if any(s.judged is not None for s in coverage.scans):
        add(
            _family(
                "iacgate_resources",
                "Resources read and judged, newest scans.",
                [({"state": "read"}, coverage.resources), ({"state": "judged"}, coverage.judged)],
            )
        )
    if coverage.scans:
        add(
            _family(
                "iacgate_unread_files",
                "Files not judged in the newest scans: skipped, or not parsed.",
                [
                    ({"reason": "skipped"}, sum(s.skipped for s in coverage.scans)),
                    ({"reason": "parse_error"}, sum(s.parse_errors for s in coverage.scans)),
                ],
            )
        )
    add(
        _family(
            "iacgate_live_coverage_ratio",
            "Live lists (kind and region or namespace) read completely over lists attempted, "
            "newest inventory of each scope.",
            [({"scope": c.scope}, c.ratio) for c in coverage.live],
        )
    )
    add(
        _family(
            "iacgate_live_lists",
            "Live lists attempted, by scope and status (complete, denied, throttled, ...).",
            [
                ({"scope": c.scope, "status": status}, count)
                for c in coverage.live
                for status, count in sorted(_statuses(c.lists).items())
            ],
        )
    )
    if report.drift:
        estate = total(report.drift)
        add(
            _family(
                "iacgate_drift_items",
                "Drift of the newest drift report of each scope, by status.",
                [
                    ({"status": "missing"}, estate.missing),
                    ({"status": "changed"}, estate.changed),
                    ({"status": "unmanaged"}, estate.unmanaged),
                    ({"status": "unverified"}, estate.unverified),
                    ({"status": "in_sync"}, estate.in_sync),
                ],
            )
        )
        add(
            _family(
                "iacgate_security_drift_items",
                "Drifted resources whose change made a rule fail.",
                _one(estate.security),
            )
        )
        add(
            _family(
                "iacgate_declared_resources",
                "Resources the code declares, newest drift reports.",
                _one(estate.declared),
            )
        )
        add(
            _family(
                "iacgate_drift_ratio",
                "Declared resources missing or changed live, over declared resources.",
                _one(estate.rate),
            )
        )
        add(
            _family(
                "iacgate_security_drift_ratio",
                "Declared resources with security drift, over declared resources.",
                _one(estate.security_rate),
            )
        )
    add(
        _family(
            "iacgate_scan_duration_seconds",
            "Wall time of the newest scan of each target (reading and judging).",
            [({"target": r.label}, r.duration_seconds) for r in scans],
            unit="seconds",
        )
    )
    add(
        _family(
            "iacgate_scan_timestamp_seconds",
            "When the newest scan of each target was written (Unix time).",
            [({"target": r.label}, r.generated_at.timestamp()) for r in scans],
            unit="seconds",
        )
    )
    points = [t.points[-1] for t in report.trends if len(t.points) > 1]
    if points:
        add(
            _family(
                "iacgate_new_findings",
                "Failing findings first seen in the newest scan of each target.",
                _one(sum(p.new or 0 for p in points)),
            )
        )
        add(
            _family(
                "iacgate_fixed_findings",
                "Failing findings the newest scan of each target judged gone.",
                _one(sum(p.fixed or 0 for p in points)),
            )
        )
    timing = report.timing
    add(
        _family(
            "iacgate_mttd_seconds",
            "Mean time to detect: first-seen run minus the last run that judged the finding "
            "absent (an upper bound; see docs/reporting.md).",
            _one(timing.mttd_seconds),
            unit="seconds",
        )
    )
    add(
        _family(
            "iacgate_mttr_seconds",
            "Mean time to remediate: fixing run minus first-seen run, fixed findings.",
            _one(timing.mttr_seconds),
            unit="seconds",
        )
    )
    add(
        _family(
            "iacgate_open_finding_age_seconds",
            "Mean age of the failing findings still open at each target's newest scan.",
            _one(timing.mean_open_age_seconds),
            unit="seconds",
        )
    )
    add(
        _family(
            "iacgate_remediated_findings",
            "Fixed findings in the history (the sample of iacgate_mttr_seconds).",
            _one(timing.remediated),
        )
    )
    if scans or report.drift:
        add(
            _family(
                "iacgate_exceptions_expiring",
                f"Exceptions that end within {report.window_days} days.",
                _one(len(report.expiring)),
            )
        )
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


def _statuses(lists: Iterable[LiveList]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in lists:
        out[item.status] = out.get(item.status, 0) + 1
    return out
