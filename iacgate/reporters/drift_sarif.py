"""Drift as SARIF 2.1.0, for code scanning dashboards.

One result per drift item. Its rule is the drift status (``DRIFT-MISSING``, ``DRIFT-CHANGED``,
``DRIFT-UNMANAGED``); security drift also gets one result per flipped rule, under that rule's
own code and descriptor, so dashboards group it with the findings of code scans. Results point
at the declaring file and line where there is one (missing and changed items), else name the
live resource as a logical location. Fingerprints hash status, kind and address (and the rule),
never lines or values. Accepted flips (exceptions) are results with ``suppressions``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from iacgate import __version__
from iacgate.drift.model import DriftItem, DriftReport, DriftStatus, RuleHit
from iacgate.live.coverage import Unread
from iacgate.reporters.drift import item_dict
from iacgate.reporters.sarif import (
    FINGERPRINT_KEY,
    INFORMATION_URI,
    LEVELS,
    SCHEMA_URI,
    SECURITY_SEVERITY,
    SRCROOT,
    artifact_uri,
)
from iacgate.rules.metadata import Severity

_STATUS_RULES = {
    DriftStatus.MISSING: (
        "DRIFT-MISSING",
        "declared-resource-missing",
        "A declared resource does not exist in the live scope.",
        "Apply the declaration again, or remove it from the code if the deletion was intended.",
    ),
    DriftStatus.CHANGED: (
        "DRIFT-CHANGED",
        "declared-resource-changed",
        "A live resource differs from its declaration.",
        "Apply the declaration again to undo the change, or write the change into the code.",
    ),
    DriftStatus.UNMANAGED: (
        "DRIFT-UNMANAGED",
        "unmanaged-resource",
        "A live resource is declared in none of the inputs.",
        "Import it into the code (terraform import, a stack import), or delete it.",
    ),
}


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _descriptor(code: str, name: str, summary: str, fix: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": fix, "markdown": f"# {code} {name}\n\n{summary}\n\n{fix}\n"},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "tags": ["iacgate", "drift"],
            "precision": "high",
            "security-severity": SECURITY_SEVERITY[severity],
        },
    }


def _locations(item: DriftItem) -> list[dict[str, Any]]:
    logical = {"logicalLocations": [{"fullyQualifiedName": item.address, "kind": "resource"}]}
    uri = artifact_uri(item.file or "")
    if uri is None:
        return [logical]
    line = max(item.line, 1)
    return [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
                "region": {"startLine": line, "endLine": line},
            },
            **logical,
        }
    ]


def _severity(item: DriftItem) -> Severity:
    if item.severity is not None:
        return item.severity
    return Severity.MEDIUM if item.status is not DriftStatus.UNMANAGED else Severity.LOW


def _message(item: DriftItem) -> str:
    text = f"{item.status.value}: {item.kind} {item.address}"
    if item.changes:
        shown = ", ".join(c.display_path for c in item.changes[:5])
        more = f" (+{len(item.changes) - 5} more)" if len(item.changes) > 5 else ""
        text += f"; changed: {shown}{more}"
    return text


def _unread(unread: Unread) -> str:
    named = f" ({unread.name})" if unread.name else ""
    return f"{unread.where}{named}: {unread.status.value}: {unread.detail}"


def sarif_dict(report: DriftReport, failed: bool) -> dict[str, Any]:
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def rule_index(code: str, make: Any) -> int:
        if code not in index:
            index[code] = len(descriptors)
            descriptors.append(make())
        return index[code]

    results: list[dict[str, Any]] = []
    for item in report.items:
        code, name, summary, fix = _STATUS_RULES[item.status]
        severity = _severity(item)
        described = _descriptor(code, name, summary, fix, Severity.MEDIUM)
        at = rule_index(code, lambda described=described: described)
        results.append(
            {
                "ruleId": code,
                "ruleIndex": at,
                "level": LEVELS[severity],
                "message": {"text": _message(item)},
                "locations": _locations(item),
                "partialFingerprints": {
                    FINGERPRINT_KEY: _fingerprint(code, report.scope, item.kind, item.address)
                },
                "properties": {"security-severity": SECURITY_SEVERITY[severity], **item_dict(item)},
            }
        )
        hits: list[tuple[RuleHit, dict[str, Any] | None]] = [(h, None) for h in item.findings]
        for accepted in item.suppressed:
            accepted_by: dict[str, Any] = {
                "kind": "external",
                "status": "accepted",
                "justification": f"{accepted.reason} (owner {accepted.owner}, expires "
                f"{accepted.expires})",
            }
            hits.append((accepted.hit, accepted_by))
        for hit, suppression in hits:
            hit_at = rule_index(
                hit.code,
                lambda hit=hit: _descriptor(
                    hit.code,
                    hit.name,
                    f"{hit.name} (a rule failing on live state)",
                    hit.message,
                    hit.severity,
                ),
            )
            result: dict[str, Any] = {
                "ruleId": hit.code,
                "ruleIndex": hit_at,
                "level": LEVELS[hit.severity],
                "message": {"text": f"security drift on {item.address}: {hit.message}"},
                "locations": _locations(item),
                "partialFingerprints": {
                    FINGERPRINT_KEY: _fingerprint(hit.code, report.scope, item.address, hit.path)
                },
                "properties": {
                    "security-severity": SECURITY_SEVERITY[hit.severity],
                    "drift": item.status.value,
                    "path": hit.path,
                },
            }
            if suppression is not None:
                result["suppressions"] = [suppression]
            results.append(result)
    coverage = report.coverage
    notifications: list[dict[str, Any]] = [
        {"level": "error", "message": {"text": f"not read: {_unread(u)}"}} for u in coverage.unread
    ]
    notifications += [
        {
            "level": "warning",
            "message": {
                "text": f"not collected: {gap.kind} ({gap.where}): {gap.status.value}: {gap.detail}"
            },
        }
        for gap in coverage.read_gaps
    ]
    notifications += [
        {"level": "note", "message": {"text": f"not verified: {u.address}: {u.reason}"}}
        for u in report.unverified
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "iacgate",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "drift": "found" if report.items else "none",
            "gate": "failed" if failed else "passed",
            "scope": report.scope,
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: DriftReport, failed: bool) -> str:
    return json.dumps(sarif_dict(report, failed), indent=2, default=str) + "\n"
