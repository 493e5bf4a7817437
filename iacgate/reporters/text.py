"""Terminal output: findings grouped by file, ``path:line``, colour only on a TTY.

Every value from the scanned tree goes through ``escape.visible`` and the whole text through
``escape.guard_lines``: no escape sequence reaches the terminal, no line is a workflow command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby

from iacgate.api import ScanReport
from iacgate.gate.report import GateReport, State, SuppressionKind
from iacgate.reporters.escape import guard_lines, visible
from iacgate.rules.metadata import Severity

_COLOURS = {
    Severity.CRITICAL: "\033[1;35m",
    Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
_RESET = "\033[0m"
_BOLD = "\033[1m"
_GREEN = "\033[32m"


def render(
    report: ScanReport | GateReport, failed: bool | None = None, colour: bool = False
) -> str:
    gate = report if isinstance(report, GateReport) else GateReport.plain(report, bool(failed))
    scan = gate.scan

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    shown = gate.shown
    lines: list[str] = []
    # Live findings have no file: their scope (k8s:<context>, aws:<account>) heads them instead.
    for heading, grouped in groupby(shown, key=lambda g: g.finding.file or g.finding.scope):
        group = list(grouped)
        file = visible(group[0].finding.file)
        lines.append(paint(visible(heading) or "<no file>", _BOLD))
        for item in group:
            finding = item.finding
            severity = paint(f"{finding.severity.label.upper():8}", _COLOURS[finding.severity])
            status = "" if finding.status.value == "fail" else f" [{finding.status.value}]"
            new = " [new]" if item.state is State.NEW else ""
            where = f"{file}:{finding.start_line}" if finding.start_line else file
            risk = f"  risk {finding.risk.score}" if finding.risk is not None else ""
            lines.append(
                f"  {where}  {severity} {visible(finding.code)} {visible(finding.name)}"
                f"{status}{new}{risk}"
            )
            lines.append(f"      {visible(finding.address)}: {visible(finding.message)}")
            if finding.origins:
                written = ", ".join(f"{visible(f)}:{line}" for f, line in finding.origins)
                lines.append(f"      from {written}")
            for note in item.notes:
                lines.append(f"      note: {visible(note)}")
        lines.append("")
    for skipped in scan.skipped:
        lines.append(f"skipped {visible(skipped.file)}: {visible(skipped.message)}")
    if scan.skipped:
        lines.append("")
    if gate.fixed is not None:
        existing = gate.count(State.EXISTING)
        lines.append(
            f"compared with {visible(gate.compared_with or '')}: {gate.count(State.NEW)} new, "
            f"{existing} existing (not shown), {len(gate.fixed)} fixed"
        )
        for fixed in gate.fixed:
            lines.append(
                "  "
                + paint("fixed", _GREEN)
                + f" {visible(fixed.file)}  {visible(fixed.code)} {visible(fixed.name)}  "
                f"{visible(fixed.address)}" + (f" ({visible(fixed.path)})" if fixed.path else "")
            )
        lines.append("")
    suppressed = gate.suppressed
    if suppressed:
        inline = sum(
            1 for g in suppressed if g.suppression and g.suppression.kind is SuppressionKind.INLINE
        )
        lines.append(
            f"{len(suppressed)} suppressed ({inline} by inline ignores, "
            f"{len(suppressed) - inline} by exceptions)"
        )
        lines.append("")
    if scan.not_judged:
        lines.append(not_judged_line(scan.not_judged, visible))
        lines.append("")
    counts = ", ".join(
        f"{sum(1 for g in shown if g.finding.severity is s)} {s.label}"
        for s in sorted(Severity, reverse=True)
        if any(g.finding.severity is s for g in shown)
    )
    verdict = paint("FAILED", _COLOURS[Severity.HIGH]) if gate.failed else "passed"
    threshold = gate.fail_on.label if gate.fail_on is not None else "none"
    if gate.fail_on_risk is not None:
        threshold += f", fail-on-risk {gate.fail_on_risk}"
    lines.append(
        f"{len(shown)} finding(s){' (' + counts + ')' if counts else ''} in "
        f"{scan.files} file(s), {scan.resources} resource(s), {scan.rules} rule(s): "
        f"gate {verdict} (fail-on {threshold}, {len(gate.gating)} failing)"
    )
    return guard_lines("\n".join(lines) + "\n")


def not_judged_line(
    entries: Iterable[tuple[str, str, int]], visible: Callable[[str], str] = str
) -> str:
    """One line: what was read but not judged, by reason, with the count of each type."""
    by_reason: dict[str, list[tuple[str, int]]] = {}
    for reason, type_, count in entries:
        by_reason.setdefault(reason, []).append((type_, count))
    from iacgate.model.results import NOT_JUDGED_REASONS

    parts = []
    for reason, types in by_reason.items():
        total = sum(n for _, n in types)
        listed = ", ".join(f"{visible(t)} {n}" for t, n in types)
        parts.append(f"{total} {NOT_JUDGED_REASONS.get(reason, reason)} ({listed})")
    return "not judged: " + "; ".join(parts)


def renderer(colour: bool) -> Callable[[GateReport], str]:
    return lambda report: render(report, colour=colour)
