"""Terminal output: findings grouped by file, ``path:line``, colour only on a TTY."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from iacgate.api import ScanReport
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


def render(report: ScanReport, failed: bool, colour: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    lines: list[str] = []
    for file, grouped in groupby(report.findings, key=lambda f: f.file):
        group = list(grouped)
        # Live findings have no file: their scope (k8s:<context>) heads them instead.
        lines.append(paint(file or group[0].scope or "<no file>", _BOLD))
        for finding in group:
            severity = paint(f"{finding.severity.label.upper():8}", _COLOURS[finding.severity])
            status = "" if finding.status.value == "fail" else f" [{finding.status.value}]"
            where = f"{file}:{finding.start_line}" if finding.start_line else file
            lines.append(f"  {where}  {severity} {finding.code} {finding.name}{status}")
            lines.append(f"      {finding.address}: {finding.message}")
        lines.append("")
    for skipped in report.skipped:
        lines.append(f"skipped {skipped.file}: {skipped.message}")
    if report.skipped:
        lines.append("")
    counts = ", ".join(
        f"{sum(1 for f in report.findings if f.severity is s)} {s.label}"
        for s in sorted(Severity, reverse=True)
        if any(f.severity is s for f in report.findings)
    )
    verdict = paint("FAILED", _COLOURS[Severity.HIGH]) if failed else "passed"
    lines.append(
        f"{len(report.findings)} finding(s){' (' + counts + ')' if counts else ''} in "
        f"{report.files} file(s), {report.resources} resource(s), {report.rules} rule(s): "
        f"gate {verdict}"
    )
    return "\n".join(lines) + "\n"


def renderer(colour: bool) -> Callable[[ScanReport, bool], str]:
    return lambda report, failed: render(report, failed, colour)
