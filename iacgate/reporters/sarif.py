"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

What GitHub expects beyond the schema: every result has a ``ruleId`` and a location with a
relative ``artifactLocation.uri``; ``partialFingerprints`` keep alerts stable across runs;
``tool.driver.rules[].help`` (markdown from the rule's documentation) renders in the alert;
``properties.security-severity`` orders alerts. Suppressed findings stay in the log with
``suppressions``; with a baseline or a diff base each result carries ``baselineState``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from iacgate import __version__
from iacgate.findings import INTERNAL_ERROR, NOT_SCANNED, PARSE_ERROR, Finding, FindingStatus
from iacgate.gate.notices import NOTICE_KINDS
from iacgate.gate.report import GatedFinding, GateReport, State, SuppressionKind
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/iacgate/iacgate"
FINGERPRINT_KEY = "iacgate/v1"
SRCROOT = "%SRCROOT%"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub buckets security-severity: >= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}

_CORE_RULES = {
    PARSE_ERROR[0]: (
        PARSE_ERROR[1],
        "A file could not be parsed, so nothing in it was checked.",
        "Fix the syntax error at the reported line; until then the file is not judged.",
    ),
    INTERNAL_ERROR[0]: (
        INTERNAL_ERROR[1],
        "A rule crashed on a resource, so that resource was not judged by it.",
        "Report the message to the rule's pack maintainers; the scan went on without it.",
    ),
    NOT_SCANNED[0]: (
        NOT_SCANNED[1],
        "A file of a known infrastructure-code type was read but not judged.",
        "The message says why (too large, binary, an unrendered template or kustomization, "
        "a limit or the time limit reached): fix that, or exclude the file from the scan.",
    ),
    **{code: (k.name, k.summary, k.help) for code, k in NOTICE_KINDS.items()},
}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    from iacgate.rules.docs import render_markdown

    meta = rule.meta
    tags = ["security", "iac", *meta.tags, *(name for name, _ in meta.frameworks)]
    help_text = meta.doc.section("How to fix") or meta.summary
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary or meta.name},
        "fullDescription": {"text": meta.doc.section("What it checks") or meta.summary},
        "help": {"text": help_text, "markdown": render_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {
            "tags": list(dict.fromkeys(tags)),
            "precision": "high",
            "security-severity": SECURITY_SEVERITY[meta.severity],
            "kinds": list(meta.kinds),
            **({"pack": rule.pack} if rule.pack else {}),
        },
    }


def _core_descriptor(code: str, finding: Finding) -> dict[str, Any]:
    name, summary, fix = _CORE_RULES.get(code, (finding.name, finding.name, ""))
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": fix or summary, "markdown": f"# {code} {name}\n\n{summary}\n\n{fix}\n"},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {
            "tags": ["iacgate"],
            "precision": "very-high",
            "security-severity": SECURITY_SEVERITY[finding.severity],
        },
    }


def artifact_uri(file: str) -> str | None:
    """A relative URI for a scanned file, or None when the finding has no file in the tree."""
    if not file or file.startswith(("<", "/")) or ":" in file.split("/")[0]:
        return None
    return quote(file, safe="/")


def _result(item: GatedFinding, index: int, compared: bool) -> dict[str, Any]:
    finding = item.finding
    message = finding.message or finding.name
    if finding.status is FindingStatus.UNKNOWN:
        message = f"[unknown] {message}"
    if item.notes:
        message += " (" + "; ".join(item.notes) + ")"
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.address}: {message}"},
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "severity": finding.severity.label,
            "status": finding.status.value,
            "kind": finding.kind,
            "address": finding.address,
            **({"path": finding.path} if finding.path else {}),
            "gating": item.gating,
        },
    }
    uri = artifact_uri(finding.file)
    if uri is not None:
        start = max(finding.start_line, 1)
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
                    "region": {"startLine": start, "endLine": max(finding.end_line, start)},
                },
                "logicalLocations": [{"fullyQualifiedName": finding.address, "kind": "resource"}],
            }
        ]
    else:
        result["locations"] = [
            {"logicalLocations": [{"fullyQualifiedName": finding.address, "kind": "resource"}]}
        ]
    if compared and item.state is not None:
        result["baselineState"] = "new" if item.state is State.NEW else "unchanged"
    if item.suppression is not None:
        s = item.suppression
        justification = s.reason
        if s.owner:
            justification += f" (owner {s.owner}"
            justification += f", expires {s.expires.isoformat()}" if s.expires else ""
            justification += f", ticket {s.ticket})" if s.ticket else ")"
        result["suppressions"] = [
            {
                "kind": "inSource" if s.kind is SuppressionKind.INLINE else "external",
                "status": "accepted",
                "justification": justification,
            }
        ]
    return result


def sarif_dict(report: GateReport) -> dict[str, Any]:
    rules_by_code = {r.meta.code: r for r in report.rules}
    descriptors: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    for code in sorted(rules_by_code):
        index_of[code] = len(descriptors)
        descriptors.append(_rule_descriptor(rules_by_code[code]))
    results = []
    for item in report.findings:
        code = item.finding.code
        if code not in index_of:
            index_of[code] = len(descriptors)
            descriptors.append(_core_descriptor(code, item.finding))
        results.append(_result(item, index_of[code], report.compared))
    notifications = [
        {
            "level": "note",
            "message": {"text": f"skipped {d.file}: {d.message}"},
            **(
                {"locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]}
                if (uri := artifact_uri(d.file)) is not None
                else {}
            ),
        }
        for d in report.scan.skipped
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
        "properties": {"gate": "failed" if report.failed else "passed"},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: GateReport) -> str:
    return json.dumps(sarif_dict(report), indent=2) + "\n"
