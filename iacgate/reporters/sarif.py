"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

What GitHub expects beyond the schema (docs: "SARIF support for code scanning"): every result has
a ``ruleId`` and a physical location with a relative ``artifactLocation.uri`` (results without
one are rejected), ``partialFingerprints`` keep alerts stable across runs, rules carry ``help``
(their full documentation, as text and Markdown) and a ``helpUri``, and
``properties.security-severity`` (read from the *rule*, not the result) ranks alerts and fails
the pull-request check at high and critical by default.

A rule's security severity comes from the risk scores of its results in the run (the highest,
divided by ten: ``docs/risk.md``), so the alert of an exposed administrator ranks above the same
rule's isolated twin; a rule without scored results keeps its severity's value. Each result
also carries its own ``security-severity`` and ``risk`` in its properties (for viewers that
rank results).

Hence UNKNOWN verdicts (the rule could not decide) are results of a companion rule
``<CODE>/unknown``, level ``note``, without a security severity: under the rule's own id they
would inherit its critical severity and fail the check GitHub runs, while iacgate's gate reports
them without failing. ``unknown="omit"`` leaves them out. Findings without a file of their own
(live posture, standard input) point at the report's ``artifact`` (the snapshot file) or, when
there is none, at a name for their scope. Suppressed findings stay in the log with
``suppressions``; with a baseline or a diff base each result carries ``baselineState``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import quote

from iacgate import __version__
from iacgate.findings import (
    INTERNAL_ERROR,
    NOT_SCANNED,
    PARSE_ERROR,
    SCOPE_NOT_READ,
    Finding,
    FindingStatus,
)
from iacgate.gate.notices import NOTICE_KINDS
from iacgate.gate.report import GatedFinding, GateReport, State, SuppressionKind
from iacgate.reporters.escape import visible_lines
from iacgate.reporters.sarif_options import (
    DEFAULT_HELP_BASE_URL,
    DOCS_URI,
    INFORMATION_URI,
    SarifOptions,
)
from iacgate.rules.dsl import Rule
from iacgate.rules.metadata import Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "iacgate/v1"
SRCROOT = "%SRCROOT%"
UNKNOWN_SUFFIX = "/unknown"
MAX_TAGS = 20  # GitHub keeps at most 20 tags per rule

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
    SCOPE_NOT_READ[0]: (
        SCOPE_NOT_READ[1],
        "A part of the live scope (an AWS account) could not be read, so nothing in it was judged.",
        "Let the collector assume its role in the account (--role-name; the role's trust "
        "policy and permissions), or exclude the account on purpose (--exclude-accounts).",
    ),
    **{code: (k.name, k.summary, k.help) for code, k in NOTICE_KINDS.items()},
}


DEFAULT_OPTIONS = SarifOptions()


def help_uri(rule: Rule, base: str = DEFAULT_HELP_BASE_URL) -> str:
    """The rule's page under ``base`` (the layout ``iacgate docs`` writes)."""
    return f"{base.rstrip('/')}/{quote(rule.pack or 'unpacked')}/{quote(rule.meta.code)}.md"


def _plain_help(rule: Rule) -> str:
    meta = rule.meta
    parts = [f"{meta.code} {meta.name}: {meta.summary}"]
    for heading in ("What it checks", "Why it matters", "How to fix"):
        body = meta.doc.section(heading)
        if body:
            parts.append(f"{heading}\n{body}")
    return "\n\n".join(parts)


def _tags(*groups: Any) -> list[str]:
    return list(dict.fromkeys(tag for group in groups for tag in group))[:MAX_TAGS]


def rule_descriptor(rule: Rule, options: SarifOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    from iacgate.rules.docs import render_markdown

    meta = rule.meta
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary or meta.name},
        "fullDescription": {"text": meta.doc.section("What it checks") or meta.summary},
        "helpUri": help_uri(rule, options.help_base_url),
        "help": {"text": _plain_help(rule), "markdown": render_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {
            "tags": _tags(("security", "iac"), meta.tags, (name for name, _ in meta.frameworks)),
            "precision": "high",
            "security-severity": SECURITY_SEVERITY[meta.severity],
            "kinds": list(meta.kinds),
            **({"pack": rule.pack} if rule.pack else {}),
        },
    }


def unknown_descriptor(base: dict[str, Any]) -> dict[str, Any]:
    """The companion rule of UNKNOWN verdicts: same documentation, level note, no security
    severity (so it neither ranks as a vulnerability nor fails GitHub's check)."""
    code = base["id"]
    preface = (
        f"iacgate could not decide {code} for this resource: an input it needs is not known "
        "statically (a variable without a value, a value known only after apply). The result "
        "says which input; give it a value (--var, --cfn-param) or review it by hand.\n\n"
    )
    return {
        "id": code + UNKNOWN_SUFFIX,
        "name": f"{base['name']}-undecided",
        "shortDescription": {"text": f"Undecided: {base['shortDescription']['text']}"},
        "fullDescription": base["fullDescription"],
        "helpUri": base["helpUri"],
        "help": {
            "text": preface + base["help"]["text"],
            "markdown": preface + base["help"]["markdown"],
        },
        "defaultConfiguration": {"level": "note"},
        "properties": {"tags": ["iacgate", "undecided"], "precision": "low"},
    }


def core_descriptor(code: str, finding: Finding) -> dict[str, Any]:
    name, summary, fix = _CORE_RULES.get(code, (finding.name, finding.name, ""))
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "helpUri": f"{DOCS_URI}/gate.md",
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


def scope_uri(scope: str) -> str:
    """A relative URI naming what a finding without a file came from (``k8s:prod`` →
    ``k8s%3Aprod``): GitHub requires a physical location, and shows this one without code."""
    return quote(scope or "iacgate", safe="")


def physical_location(uri: str, start: int = 0, end: int = 0) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}}
    if start:
        location["region"] = {"startLine": start, "endLine": max(end, start)}
    return location


def _location(finding: Finding, fallback: str | None) -> dict[str, Any]:
    logical = [{"fullyQualifiedName": finding.address, "kind": "resource"}]
    uri = artifact_uri(finding.file)
    if uri is not None:
        start = max(finding.start_line, 1)
        physical = physical_location(uri, start, finding.end_line)
    else:
        physical = physical_location(fallback or scope_uri(finding.scope), 1, 1)
    return {"physicalLocation": physical, "logicalLocations": logical}


def security_severity(score: int) -> str:
    """A risk score (0-100) on GitHub's security-severity scale (0.0-10.0)."""
    return f"{max(0, min(score, 100)) / 10:.1f}"


def _result(item: GatedFinding, index: int, compared: bool, fallback: str | None) -> dict[str, Any]:
    finding = item.finding
    unknown = finding.status is FindingStatus.UNKNOWN
    message = finding.message or finding.name
    if unknown:
        message = f"[unknown] {message}"
    if item.notes:
        message += " (" + "; ".join(item.notes) + ")"
    result: dict[str, Any] = {
        "ruleId": finding.code + (UNKNOWN_SUFFIX if unknown else ""),
        "ruleIndex": index,
        "level": "note" if unknown else LEVELS[finding.severity],
        "message": {"text": visible_lines(f"{finding.address}: {message}")},
        "locations": [_location(finding, fallback)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "severity": finding.severity.label,
            "status": finding.status.value,
            "kind": finding.kind,
            "address": finding.address,
            **({"path": finding.path} if finding.path else {}),
            **({"account": finding.account} if finding.account else {}),
            "gating": item.gating,
            **(
                {
                    "risk": finding.risk.score,
                    "security-severity": security_severity(finding.risk.score),
                }
                if finding.risk is not None and not unknown
                else {}
            ),
        },
    }
    written = [(artifact_uri(file), line) for file, line in finding.origins]
    related = [
        {
            "id": number,
            "physicalLocation": physical_location(uri, line, line),
            "message": {"text": "the judged value was written here"},
        }
        for number, (uri, line) in enumerate((w for w in written if w[0] is not None), start=1)
        if uri is not None
    ]
    if related:
        result["relatedLocations"] = related
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
                "justification": visible_lines(justification),
            }
        ]
    return result


class Descriptors:
    """The run's rule list, built as results need them (``ruleIndex`` points into it)."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}

    def add(self, rule_id: str, make: Callable[[], dict[str, Any]]) -> int:
        if rule_id not in self.index:
            self.index[rule_id] = len(self.items)
            self.items.append(make())
        return self.index[rule_id]

    def get(self, rule_id: str) -> dict[str, Any]:
        return self.items[self.index[rule_id]]


def tool(descriptors: Descriptors) -> dict[str, Any]:
    return {
        "driver": {
            "name": "iacgate",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors.items,
        }
    }


def sarif_dict(report: GateReport, options: SarifOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    rules_by_code = {r.meta.code: r for r in report.rules}
    descriptors = Descriptors()
    for code in sorted(rules_by_code):
        descriptors.add(code, partial(rule_descriptor, rules_by_code[code], options))
    results = []
    highest: dict[str, int] = {}  # per rule, the highest risk score of its results
    for item in report.findings:
        finding = item.finding
        code = finding.code
        if finding.status is FindingStatus.UNKNOWN and options.unknown == "omit":
            continue
        at = descriptors.add(code, partial(core_descriptor, code, finding))
        if finding.status is FindingStatus.UNKNOWN:
            base = descriptors.get(code)
            at = descriptors.add(code + UNKNOWN_SUFFIX, partial(unknown_descriptor, base))
        results.append(_result(item, at, report.compared, report.artifact))
        if finding.risk is not None and finding.status is not FindingStatus.UNKNOWN:
            highest[code] = max(highest.get(code, 0), finding.risk.score)
    for code, score in highest.items():
        descriptors.get(code)["properties"]["security-severity"] = security_severity(score)
    notifications = [
        {
            "level": "note",
            "message": {"text": visible_lines(f"skipped {d.file}: {d.message}")},
            **(
                {"locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]}
                if (uri := artifact_uri(d.file)) is not None
                else {}
            ),
        }
        for d in report.scan.skipped
    ]
    run: dict[str, Any] = {
        "tool": tool(descriptors),
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"gate": "failed" if report.failed else "passed"},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: GateReport, options: SarifOptions = DEFAULT_OPTIONS) -> str:
    return json.dumps(sarif_dict(report, options), indent=2) + "\n"
