"""The versioned JSON report (documented in docs/json-output.md)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from iacgate import __version__
from iacgate.api import ScanReport
from iacgate.findings import Finding

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
    }


def report_dict(report: ScanReport, failed: bool) -> dict[str, Any]:
    by_severity = Counter(f.severity.label for f in report.findings)
    by_status = Counter(f.status.value for f in report.findings)
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "iacgate", "version": __version__},
        "findings": [finding_dict(f) for f in report.findings],
        "skipped": [{"file": d.file, "reason": d.message} for d in report.skipped],
        "summary": {
            "files": report.files,
            "resources": report.resources,
            "rules": report.rules,
            "checks": report.evaluated,
            "passed": report.passed,
            "findings": len(report.findings),
            "by_severity": dict(sorted(by_severity.items())),
            "by_status": dict(sorted(by_status.items())),
            "gate": "failed" if failed else "passed",
        },
    }


def render(report: ScanReport, failed: bool) -> str:
    """Pretty at the top, one finding per line: readable and diffable, and written by the C
    encoder (``indent`` would switch json to its pure-Python encoder, ~10x slower)."""
    document = report_dict(report, failed)
    lines = ["{"]
    keys = list(document)
    for position, key in enumerate(keys):
        value = document[key]
        comma = "," if position < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            lines.extend(
                f"    {json.dumps(item, ensure_ascii=False)}{',' if i < len(value) - 1 else ''}"
                for i, item in enumerate(value)
            )
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
