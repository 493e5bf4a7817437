"""A Markdown summary for pull-request comments and ``GITHUB_STEP_SUMMARY``.

Kept under GitHub's size limits: tables stop after ``MAX_ROWS`` rows with a count of the rest.
Values from the scanned tree are code spans that nothing can close (``escape.md_code``) or
escaped text (``escape.md_text``): a name cannot open a link, an image or HTML in the comment.
"""

from __future__ import annotations

from collections import Counter

from iacgate.gate.report import GatedFinding, GateReport, State, risk_score
from iacgate.reporters.escape import md_code, md_text
from iacgate.rules.metadata import Severity

MAX_ROWS = 100
_ICONS = {
    Severity.CRITICAL: "🟣",
    Severity.HIGH: "🔴",
    Severity.MEDIUM: "🟠",
    Severity.LOW: "🔵",
    Severity.INFO: "⚪",
}


def _where(item: GatedFinding) -> str:
    f = item.finding
    where = md_code(f"{f.file}:{f.start_line}" if f.start_line else f.file)
    if f.origins:
        # Where the judged value was written (a .tfvars line, a default, a module argument):
        # often the line a reviewer has to change.
        where += "<br>from " + ", ".join(md_code(f"{file}:{line}") for file, line in f.origins)
    return where


def render(report: GateReport) -> str:
    scan = report.scan
    shown = report.shown
    verdict = "❌ **failed**" if report.failed else "✅ **passed**"
    threshold = report.fail_on.label if report.fail_on is not None else "none"
    if report.fail_on_risk is not None:
        threshold += f"`, fail-on-risk `{report.fail_on_risk}"
    lines = [
        "## iacgate",
        "",
        f"Gate {verdict} (fail-on `{threshold}`): {len(report.gating)} finding(s) fail the "
        f"gate; {scan.files} file(s), {scan.resources} resource(s), {scan.rules} rule(s).",
        "",
    ]
    if report.compared:
        lines += [
            f"Compared with {md_text(report.compared_with or '')}: "
            f"**{report.count(State.NEW)} new**, {report.count(State.EXISTING)} existing, "
            f"{len(report.fixed or ())} fixed.",
            "",
        ]
    elif shown:
        lines += [
            "No diff base or baseline: every finding in the scanned files is listed, not only "
            "what this change introduced.",
            "",
        ]
    counts = Counter(g.finding.severity for g in shown)
    if counts:
        lines += ["| Severity | Findings |", "|---|---:|"]
        for severity in sorted(counts, reverse=True):
            lines.append(f"| {_ICONS[severity]} {severity.label} | {counts[severity]} |")
        lines.append("")
    if shown:
        title = "New findings" if report.compared else "Findings"
        lines += [
            f"### {title}",
            "",
            "| | Severity | Risk | Rule | Resource | Location | Message |",
            "|---|---|---:|---|---|---|---|",
        ]
        # Most urgent first: by risk score, then severity (a stable sort keeps the file order).
        ordered = sorted(shown, key=lambda g: (-risk_score(g.finding), -g.finding.severity))
        for item in ordered[:MAX_ROWS]:
            f = item.finding
            mark = "❌" if item.gating else ""
            message = f.message + "".join(f" ({n})" for n in item.notes)
            lines.append(
                f"| {mark} | {_ICONS[f.severity]} {f.severity.label} | "
                f"{f.risk.score if f.risk is not None else ''} | {md_code(f.code)} "
                f"{md_text(f.name)} | {md_code(f.address)} | {_where(item)} | "
                f"{md_text(message)} |"
            )
        if len(shown) > MAX_ROWS:
            lines.append(f"\n… and {len(shown) - MAX_ROWS} more (see the SARIF or JSON report).")
        lines.append("")
    if report.fixed:
        lines += ["### Fixed", "", "| Rule | Resource | File |", "|---|---|---|"]
        for gone in report.fixed[:MAX_ROWS]:
            lines.append(
                f"| {md_code(gone.code)} {md_text(gone.name)} | {md_code(gone.address)} | "
                f"{md_code(gone.file)} |"
            )
        if len(report.fixed) > MAX_ROWS:
            lines.append(f"\n… and {len(report.fixed) - MAX_ROWS} more.")
        lines.append("")
    suppressed = report.suppressed
    if suppressed:
        lines += [
            f"<details><summary>{len(suppressed)} suppressed finding(s)</summary>",
            "",
            "| Rule | Resource | By | Reason |",
            "|---|---|---|---|",
        ]
        for item in suppressed[:MAX_ROWS]:
            s = item.suppression
            assert s is not None
            by = s.kind.value + (f" ({md_text(s.owner)}, until {s.expires})" if s.owner else "")
            lines.append(
                f"| {md_code(item.finding.code)} | {md_code(item.finding.address)} | {by} | "
                f"{md_text(s.reason)} |"
            )
        lines += ["", "</details>", ""]
    if not shown and not report.fixed:
        lines += ["No findings.", ""]
    return "\n".join(lines)
