"""The versioned JSON report (documented in docs/json-output.md)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from iacgate import __version__
from iacgate.api import ScanReport
from iacgate.engine import RuleTally
from iacgate.findings import Finding
from iacgate.gate.report import FixedFinding, GatedFinding, GateReport, State

REPORT_VERSION = "1"


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        "status": finding.status.value,
        "kind": finding.kind,
        "address": finding.address,
        "file": finding.file,
        "start_line": finding.start_line,
        "end_line": finding.end_line,
        "path": finding.path,
        "message": finding.message,
        "fingerprint": finding.fingerprint,
        "source": finding.source,
        **({"risk": finding.risk.to_json()} if finding.risk is not None else {}),
        **({"account": finding.account} if finding.account else {}),
        **(
            {"origins": [{"file": file, "line": line} for file, line in finding.origins]}
            if finding.origins
            else {}
        ),
    }


def gated_dict(item: GatedFinding, compared: bool) -> dict[str, Any]:
    row = finding_dict(item.finding)
    row["gating"] = item.gating
    if compared and item.state is not None:
        row["state"] = item.state.value
    if item.environment:
        row["environment"] = item.environment
    if item.suppression is not None:
        s = item.suppression
        row["suppressed"] = {
            "kind": s.kind.value,
            "reason": s.reason,
            "file": s.file,
            "line": s.line,
            **({"owner": s.owner} if s.owner else {}),
            **({"expires": s.expires.isoformat()} if s.expires else {}),
            **({"ticket": s.ticket} if s.ticket else {}),
        }
    if item.notes:
        row["notes"] = list(item.notes)
    return row


def fixed_dict(item: FixedFinding) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "severity": item.severity.label,
        "kind": item.kind,
        "address": item.address,
        "file": item.file,
        "path": item.path,
        "fingerprint": item.fingerprint,
        **({"message": item.message} if item.message else {}),
    }


def rule_dict(tally: RuleTally) -> dict[str, Any]:
    """One rule's checks by outcome, with its framework controls: compliance per control."""
    meta = tally.meta
    return {
        "code": meta.code,
        "name": meta.name,
        "severity": meta.severity.label,
        "frameworks": {framework: list(ids) for framework, ids in meta.frameworks},
        "checks": tally.checks,
        "passed": tally.passed,
        "failed": tally.failed,
        "unknown": tally.unknown,
        "not_judged": tally.not_judged,
    }


def not_judged_dict(entries: Iterable[tuple[str, str, int]]) -> dict[str, Any]:
    """``summary.not_judged``: resources read but not judged, in all and by reason and type."""
    by_reason: dict[str, dict[str, int]] = {}
    for reason, type_, count in entries:
        by_reason.setdefault(reason, {})[type_] = count
    total = sum(n for types in by_reason.values() for n in types.values())
    return {"resources": total, "by_reason": by_reason}


def report_dict(report: ScanReport | GateReport, failed: bool | None = None) -> dict[str, Any]:
    gate = report if isinstance(report, GateReport) else GateReport.plain(report, bool(failed))
    scan = gate.scan
    active = [g for g in gate.findings if g.suppression is None]
    by_severity = Counter(g.finding.severity.label for g in active)
    by_status = Counter(g.finding.status.value for g in active)
    summary: dict[str, Any] = {
        "files": scan.files,
        "resources": scan.resources,
        "rules": scan.rules,
        "checks": scan.evaluated,
        "passed": scan.passed,
        "judged_resources": scan.judged,
        "findings": len(active),
        "by_severity": dict(sorted(by_severity.items())),
        "by_status": dict(sorted(by_status.items())),
        "suppressed": len(gate.findings) - len(active),
        "gating": len(gate.gating),
        "fail_on": gate.fail_on.label if gate.fail_on is not None else "none",
        "gate": "failed" if gate.failed else "passed",
        "not_judged": not_judged_dict(scan.not_judged),
    }
    from iacgate.provenance import git_revision, utc_now

    target = dict(scan.target)
    if scan.checkout is not None:
        target.update(git_revision(scan.checkout))
    document: dict[str, Any] = {
        "version": REPORT_VERSION,
        "report": "scan",
        "tool": {"name": "iacgate", "version": __version__},
        "generated_at": utc_now(),
        "duration_seconds": scan.duration_seconds,
        "target": target,
        "findings": [gated_dict(g, gate.compared) for g in gate.findings],
        "skipped": [{"file": d.file, "reason": d.message} for d in scan.skipped],
        "rules": [rule_dict(t) for t in sorted(scan.by_rule, key=lambda t: t.meta.code)],
        "summary": summary,
    }
    if gate.fixed is not None:
        document["fixed"] = [fixed_dict(f) for f in gate.fixed]
        document["compared_with"] = gate.compared_with
        summary["new"] = gate.count(State.NEW)
        summary["existing"] = gate.count(State.EXISTING)
        summary["fixed"] = len(gate.fixed)
    return document


def render(report: ScanReport | GateReport, failed: bool | None = None) -> str:
    """Pretty at the top, one finding per line: readable and diffable, and written by the C
    encoder (``indent`` would switch json to its pure-Python encoder, ~10x slower)."""
    document = report_dict(report, failed)
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every line
    lines = ["{"]
    keys = list(document)
    for position, key in enumerate(keys):
        value = document[key]
        comma = "," if position < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            lines.extend(
                f"    {encode(item)}{',' if i < len(value) - 1 else ''}"
                for i, item in enumerate(value)
            )
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {encode(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
