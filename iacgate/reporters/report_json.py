"""The posture report as JSON (``iacgate report --format json``; docs/reporting.md)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from iacgate import __version__
from iacgate.posture.compliance import FrameworkCompliance, Tally
from iacgate.posture.drift_rate import DriftRate, total
from iacgate.posture.report import PostureReport
from iacgate.posture.trends import Point, StreamTrend, Timing

POSTURE_REPORT_VERSION = "1"


def _time(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _tally(tally: Tally) -> dict[str, Any]:
    return {
        "passed": tally.passed,
        "failed": tally.failed,
        "unknown": tally.unknown,
        "not_judged": tally.not_judged,
        "ratio": _ratio(tally.ratio),
    }


def _framework(item: FrameworkCompliance) -> dict[str, Any]:
    return {
        "framework": item.framework,
        "name": item.name,
        **_tally(item.tally),
        "controls": [
            {
                "control": c.control,
                "state": c.state.value,
                "rules": list(c.rules),
                **_tally(c.tally),
            }
            for c in item.controls
        ],
    }


def _timing(timing: Timing) -> dict[str, Any]:
    return {
        "mttd_seconds": timing.mttd_seconds,
        "detected": timing.detected,
        "mttr_seconds": timing.mttr_seconds,
        "remediated": timing.remediated,
        "open": timing.open,
        "mean_open_age_seconds": timing.mean_open_age_seconds,
    }


def _point(point: Point) -> dict[str, Any]:
    return {
        "file": point.file,
        "generated_at": _time(point.generated_at),
        "open": point.open,
        "by_severity": {
            s.label: n for s, n in sorted(point.open_by_severity.items(), reverse=True)
        },
        "unknown": point.unknown,
        "suppressed": point.suppressed,
        "new": point.new,
        "fixed": point.fixed,
        "unverified": point.unverified,
        "duration_seconds": point.duration_seconds,
        "compliance": {k: _ratio(v) for k, v in point.compliance.items()},
    }


def _trend(item: StreamTrend) -> dict[str, Any]:
    return {
        "stream": item.stream,
        "label": item.label,
        "runs": [_point(p) for p in item.points],
        "timing": _timing(item.timing),
        "timing_by_severity": {s.label: _timing(t) for s, t in item.timing_by_severity().items()},
    }


def _drift(rate: DriftRate) -> dict[str, Any]:
    return {
        "scope": rate.scope,
        "provider": rate.provider,
        "declared": rate.declared,
        "in_sync": rate.in_sync,
        "missing": rate.missing,
        "changed": rate.changed,
        "unmanaged": rate.unmanaged,
        "security": rate.security,
        "unverified": rate.unverified,
        "rate": _ratio(rate.rate),
        "security_rate": _ratio(rate.security_rate),
    }


def report_dict(report: PostureReport) -> dict[str, Any]:
    coverage = report.coverage
    return {
        "version": POSTURE_REPORT_VERSION,
        "report": "posture",
        "tool": {"name": "iacgate", "version": __version__},
        "generated_at": _time(report.generated_at),
        "history": {
            "documents": dict(report.documents),
            "first": _time(report.first),
            "last": _time(report.last),
            "problems": [{"file": p.file, "reason": p.reason} for p in report.problems],
        },
        "compliance": [_framework(c) for c in report.compliance],
        "coverage": {
            "resources": coverage.resources,
            "judged": coverage.judged,
            "ratio": _ratio(coverage.ratio),
            "scans": [
                {
                    "target": s.label,
                    "resources": s.resources,
                    "judged": s.judged,
                    "ratio": _ratio(s.ratio),
                    "files": s.files,
                    "skipped": s.skipped,
                    "parse_errors": s.parse_errors,
                }
                for s in coverage.scans
            ],
            "live_ratio": _ratio(coverage.live_ratio),
            "live": [
                {
                    "scope": c.scope,
                    "provider": c.provider,
                    "resources": c.resources,
                    "ratio": _ratio(c.ratio),
                    "lists": [
                        {"kind": i.kind, "where": i.where, "status": i.status, "count": i.count}
                        for i in c.lists
                    ],
                }
                for c in coverage.live
            ],
        },
        "drift": {
            "total": _drift(total(report.drift)) if report.drift else None,
            "scopes": [_drift(d) for d in report.drift],
        },
        "trends": [_trend(t) for t in report.trends],
        "timing": _timing(report.timing),
        "timing_by_severity": {s.label: _timing(t) for s, t in report.timing_by_severity.items()},
        "exceptions_expiring": {
            "window_days": report.window_days,
            "from": report.today.isoformat(),
            "exceptions": [
                {
                    "owner": e.owner,
                    "expires": e.expires.isoformat(),
                    "days_left": e.days_left,
                    "reason": e.reason,
                    "ticket": e.ticket,
                    "record": e.record,
                    "rules": list(e.rules),
                    "findings": e.findings,
                }
                for e in report.expiring
            ],
        },
        "top_risks": [
            {
                "code": r.risk.code,
                "name": r.risk.name,
                "severity": r.risk.severity.label,
                "status": r.risk.status,
                "score": r.risk.score,
                "address": r.risk.address,
                "file": r.risk.file,
                "line": r.risk.line,
                "message": r.risk.message,
                "fingerprint": r.risk.fingerprint,
                "target": r.where,
            }
            for r in report.risks
        ],
    }


def render(report: PostureReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
