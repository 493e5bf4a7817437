"""Drift as SARIF 2.1.0, for code scanning dashboards.

One result per drift item. Its rule is the drift status (``DRIFT-MISSING``, ``DRIFT-CHANGED``,
``DRIFT-UNMANAGED``); security drift also gets one result per flipped rule, under that rule's
own code and descriptor (its full documentation and ``helpUri`` when the rule is known), so
dashboards group it with the findings of code scans.

Every result has a physical location, which GitHub requires: the declaring file and line where
there is one (missing and changed items), else the ``artifact`` the live state was read from (a
snapshot file), else the first declared input (a state file, a template), else a name for the
live scope. Fingerprints are ``findings.fingerprint`` of the status code (or the flipped rule),
the resource and the path: a flipped rule's result has the fingerprint of the same rule's
finding on the same object in a scan; never lines or values. Accepted flips (exceptions) are
results with ``suppressions``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from iacgate.driftcheck.model import DriftItem, DriftReport, DriftStatus, RuleHit
from iacgate.findings import fingerprint
from iacgate.live.coverage import Unread
from iacgate.reporters.drift import item_dict
from iacgate.reporters.escape import visible_lines
from iacgate.reporters.sarif import (
    DEFAULT_OPTIONS,
    FINGERPRINT_KEY,
    LEVELS,
    SCHEMA_URI,
    SECURITY_SEVERITY,
    Descriptors,
    artifact_uri,
    physical_location,
    rule_descriptor,
    scope_uri,
    tool,
)
from iacgate.reporters.sarif_options import DOCS_URI, SarifOptions
from iacgate.rules.dsl import Rule
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


def _descriptor(code: str, name: str, summary: str, fix: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "helpUri": f"{DOCS_URI}/drift.md",
        "help": {
            "text": f"{summary}\n\n{fix}",
            "markdown": f"# {code} {name}\n\n{summary}\n\n{fix}\n",
        },
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "tags": ["iacgate", "drift"],
            "precision": "high",
            "security-severity": SECURITY_SEVERITY[severity],
        },
    }


def _constant(value: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    return lambda: value


def fallback_uri(report: DriftReport, artifact: str | None) -> str:
    """Where a result without a declaring file points."""
    for candidate in (artifact, *report.inputs):
        uri = artifact_uri(candidate or "")
        if uri is not None:
            return uri
    return scope_uri(report.scope)


def _locations(item: DriftItem, fallback: str) -> list[dict[str, Any]]:
    logical = [{"fullyQualifiedName": item.address, "kind": "resource"}]
    uri = artifact_uri(item.file or "")
    line = max(item.line, 1)
    physical = physical_location(uri, line, line) if uri else physical_location(fallback, 1, 1)
    return [{"physicalLocation": physical, "logicalLocations": logical}]


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
    return visible_lines(text)


def _unread(unread: Unread) -> str:
    named = f" ({unread.name})" if unread.name else ""
    return visible_lines(f"{unread.where}{named}: {unread.status.value}: {unread.detail}")


def _scope(report: DriftReport, item: DriftItem) -> str:
    """The item's own scope (``aws:<account>``: a report of several accounts can hold the same
    address in two), else the report's."""
    return f"{report.provider}:{item.account}" if item.account else report.scope


def sarif_dict(
    report: DriftReport,
    failed: bool,
    *,
    rules: Sequence[Rule] = (),
    artifact: str | None = None,
    options: SarifOptions = DEFAULT_OPTIONS,
) -> dict[str, Any]:
    descriptors = Descriptors()
    known = {rule.meta.code: rule for rule in rules}
    fallback = fallback_uri(report, artifact)

    def hit_descriptor(hit: RuleHit) -> dict[str, Any]:
        rule = known.get(hit.code)
        if rule is not None:
            return rule_descriptor(rule, options)
        summary = f"{hit.name} (a rule failing on live state)"
        return _descriptor(hit.code, hit.name, summary, hit.message, hit.severity)

    results: list[dict[str, Any]] = []
    for item in report.items:
        code, name, summary, fix = _STATUS_RULES[item.status]
        severity = _severity(item)
        described = _descriptor(code, name, summary, fix, Severity.MEDIUM)
        at = descriptors.add(code, _constant(described))
        locations = _locations(item, fallback)
        results.append(
            {
                "ruleId": code,
                "ruleIndex": at,
                "level": LEVELS[severity],
                "message": {"text": _message(item)},
                "locations": locations,
                "partialFingerprints": {
                    FINGERPRINT_KEY: fingerprint(
                        code, _scope(report, item), item.address, "", item.kind
                    )
                },
                "properties": {"security-severity": SECURITY_SEVERITY[severity], **item_dict(item)},
            }
        )
        hits: list[tuple[RuleHit, dict[str, Any] | None]] = [(h, None) for h in item.findings]
        for accepted in item.suppressed:
            accepted_by: dict[str, Any] = {
                "kind": "external",
                "status": "accepted",
                "justification": visible_lines(
                    f"{accepted.reason} (owner {accepted.owner}, expires {accepted.expires})"
                ),
            }
            hits.append((accepted.hit, accepted_by))
        for hit, suppression in hits:
            hit_at = descriptors.add(hit.code, partial(hit_descriptor, hit))
            result: dict[str, Any] = {
                "ruleId": hit.code,
                "ruleIndex": hit_at,
                "level": LEVELS[hit.severity],
                "message": {
                    "text": visible_lines(f"security drift on {item.address}: {hit.message}")
                },
                "locations": locations,
                "partialFingerprints": {
                    FINGERPRINT_KEY: fingerprint(
                        hit.code, _scope(report, item), item.address, hit.path, item.kind
                    )
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
                "text": visible_lines(
                    f"not collected: {gap.kind} ({gap.where}): {gap.status.value}: {gap.detail}"
                )
            },
        }
        for gap in coverage.read_gaps
    ]
    notifications += [
        {
            "level": "note",
            "message": {"text": visible_lines(f"not verified: {u.address}: {u.reason}")},
        }
        for u in report.unverified
    ]
    run: dict[str, Any] = {
        "tool": tool(descriptors),
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


def render(
    report: DriftReport,
    failed: bool,
    *,
    rules: Sequence[Rule] = (),
    artifact: str | None = None,
    options: SarifOptions = DEFAULT_OPTIONS,
) -> str:
    document = sarif_dict(report, failed, rules=rules, artifact=artifact, options=options)
    return json.dumps(document, indent=2, default=str) + "\n"
