"""A Markdown summary for pull-request comments and ``GITHUB_STEP_SUMMARY``.

Kept under GitHub's size limits: tables stop after ``MAX_ROWS`` rows with a count of the rest.
"""

from __future__ import annotations

from collections import Counter

from iacgate.gate.report import GatedFinding, GateReport, State
from iacgate.rules.metadata import Severity

MAX_ROWS = 100
_ICONS = {
    Severity.CRITICAL: "🟣",
    Severity.HIGH: "🔴",
    Severity.MEDIUM: "🟠",
    Severity.LOW: "🔵",
    Severity.INFO: "⚪",
}


def _cell(text: str) -> str:
    """Table cells: no pipes or line breaks, and no HTML."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def _where(item: GatedFinding) -> str:
    f = item.finding
    return f"`{_cell(f.file)}:{f.start_line}`" if f.start_line else f"`{_cell(f.file)}`"


def render(report: GateReport) -> str:
    scan = report.scan
    shown = report.shown
    verdict = "❌ **failed**" if report.failed else "✅ **passed**"
    threshold = report.fail_on.label if report.fail_on is not None else "none"
    lines = [
        "## iacgate",
        "",
        f"Gate {verdict} (fail-on `{threshold}`): {len(report.gating)} finding(s) fail the "
        f"gate; {scan.files} file(s), {scan.resources} resource(s), {scan.rules} rule(s).",
        "",
    ]
    if report.compared:
        lines += [
            f"Compared with {report.compared_with}: **{report.count(State.NEW)} new**, "
            f"{report.count(State.EXISTING)} existing, {len(report.fixed or ())} fixed.",
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
            "| | Severity | Rule | Resource | Location | Message |",
            "|---|---|---|---|---|---|",
        ]
        for item in sorted(shown, key=lambda g: -g.finding.severity)[:MAX_ROWS]:
            f = item.finding
            mark = "❌" if item.gating else ""
            message = f.message + "".join(f" ({n})" for n in item.notes)
            lines.append(
                f"| {mark} | {_ICONS[f.severity]} {f.severity.label} | `{f.code}` {f.name} | "
                f"`{_cell(f.address)}` | {_where(item)} | {_cell(message)} |"
            )
        if len(shown) > MAX_ROWS:
            lines.append(f"\n… and {len(shown) - MAX_ROWS} more (see the SARIF or JSON report).")
        lines.append("")
    if report.fixed:
        lines += ["### Fixed", "", "| Rule | Resource | File |", "|---|---|---|"]
        for gone in report.fixed[:MAX_ROWS]:
            lines.append(
                f"| `{gone.code}` {gone.name} | `{_cell(gone.address)}` | `{_cell(gone.file)}` |"
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
            by = s.kind.value + (f" ({_cell(s.owner)}, until {s.expires})" if s.owner else "")
            lines.append(
                f"| `{item.finding.code}` | `{_cell(item.finding.address)}` | {by} | "
                f"{_cell(s.reason)} |"
            )
        lines += ["", "</details>", ""]
    if not shown and not report.fixed:
        lines += ["No findings.", ""]
    return "\n".join(lines)
