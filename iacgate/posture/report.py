"""The posture report: every figure of docs/reporting.md over one history, for the renderers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from iacgate.posture.accepted_risks import WINDOW_DAYS, Expiring, expiring
from iacgate.posture.compliance import FrameworkCompliance, compliance, rule_totals
from iacgate.posture.coverage import Coverage, coverage
from iacgate.posture.drift_rate import DriftRate, drift_rates
from iacgate.posture.history import DriftRun, History, InventoryRun, Problem, ScanRun
from iacgate.posture.risks import RankedRisk, top_risks
from iacgate.posture.trends import StreamTrend, Timing, trend
from iacgate.rules.metadata import Severity

NO_FRAMEWORK = "none"


@dataclass(frozen=True, slots=True)
class PostureReport:
    generated_at: dt.datetime  # when this report was made (UTC)
    today: dt.date  # the first day of the exceptions' window
    documents: Mapping[str, int]  # documents used, by kind
    first: dt.datetime | None  # the oldest and newest document used
    last: dt.datetime | None
    latest_scans: tuple[ScanRun, ...]  # the newest scan of each stream: "now"
    compliance: tuple[FrameworkCompliance, ...]
    coverage: Coverage
    drift: tuple[DriftRate, ...]
    trends: tuple[StreamTrend, ...]
    timing: Timing  # every stream's episodes together
    timing_by_severity: Mapping[Severity, Timing]
    expiring: tuple[Expiring, ...]
    window_days: int
    risks: tuple[RankedRisk, ...]
    problems: tuple[Problem, ...]
    findings_by_framework: Mapping[tuple[Severity, str], int]


def findings_by_framework(scans: tuple[ScanRun, ...]) -> dict[tuple[Severity, str], int]:
    """Unsuppressed failing findings by severity and framework (``none``: no mapping). A
    finding of a rule mapped to two frameworks counts in both."""
    mapped = {rule.code: [f for f, _ in rule.frameworks] for rule in rule_totals(scans)}
    out: dict[tuple[Severity, str], int] = {}
    for run in scans:
        for (code, severity), count in run.open_by_code.items():
            for framework in mapped.get(code) or [NO_FRAMEWORK]:
                out[(severity, framework)] = out.get((severity, framework), 0) + count
    return out


def build(
    history: History, now: dt.datetime | None = None, window_days: int = WINDOW_DAYS
) -> PostureReport:
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(dt.UTC).date()
    scans: tuple[ScanRun, ...] = tuple(history.latest(ScanRun))
    drifts: list[DriftRun] = history.latest(DriftRun)
    trends = tuple(trend(runs) for runs in history.streams(ScanRun).values())
    episodes = [e for t in trends for e in t.episodes]
    severities = sorted({e.issue.severity for e in episodes}, reverse=True)
    documents = {"scan": 0, "drift": 0, "inventory": 0}
    for run in history.runs:
        kind = (
            "scan"
            if isinstance(run, ScanRun)
            else "drift"
            if isinstance(run, DriftRun)
            else "inventory"
        )
        documents[kind] += 1
    accepted = [a for run in scans for a in run.accepted]
    accepted += [a for run in drifts for a in run.accepted]
    return PostureReport(
        generated_at=now,
        today=today,
        documents=documents,
        first=history.runs[0].generated_at if history.runs else None,
        last=history.runs[-1].generated_at if history.runs else None,
        latest_scans=scans,
        compliance=compliance(scans),
        coverage=coverage(scans, history.latest(InventoryRun)),
        drift=drift_rates(drifts),
        trends=trends,
        timing=Timing.of(episodes),
        timing_by_severity={
            s: Timing.of(e for e in episodes if e.issue.severity is s) for s in severities
        },
        expiring=expiring(accepted, today, window_days),
        window_days=window_days,
        risks=top_risks(scans),
        problems=history.problems,
        findings_by_framework=findings_by_framework(scans),
    )
