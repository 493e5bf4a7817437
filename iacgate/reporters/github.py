"""GitHub Actions workflow commands: one annotation per finding shown on the pull request.

``::error file=F,line=L,endLine=E,title=T::message`` — levels follow severity (critical and
high are errors, medium warnings, low and info notices). Suppressed and existing findings are
not annotated. Values are escaped as the runner expects, after ``escape.visible``.

GitHub displays at most ``MAX_PER_LEVEL`` annotations of each level per step and drops the rest
without a word, so findings are emitted most severe first, and where a level has more, its last
shown annotation says how many were cut and where to find them. Without a diff base or a baseline
the annotations mark every finding in the scanned files, and a notice says so: they are not
"the lines this change touched".
"""

from __future__ import annotations

from collections.abc import Sequence

from iacgate.gate.report import GatedFinding, GateReport
from iacgate.reporters.escape import visible
from iacgate.rules.metadata import Severity

COMMANDS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}
LEVELS = ("error", "warning", "notice")
MAX_PER_LEVEL = 10  # GitHub's display limit per level and step
NO_DIFF_BASE = (
    "no diff base or baseline: these annotations mark every finding in the scanned files, "
    "not only the lines this change touched"
)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str, message: str, *, title: str = "", file: str = "", line: int = 0, end_line: int = 0
) -> str:
    """One workflow command; ``message`` lines are kept (``%0A``), everything else escaped."""
    props = []
    if file and not file.startswith("<"):
        props.append(f"file={escape_property(visible(file))}")
        if line:
            props.append(f"line={line}")
            props.append(f"endLine={max(end_line, line)}")
    if title:
        props.append(f"title={escape_property(visible(title))}")
    body = "\n".join(visible(part) for part in message.split("\n"))
    head = f"{level} {','.join(props)}" if props else level
    return f"::{head}::{escape_data(body)}"


def _finding(item: GatedFinding) -> str:
    f = item.finding
    risk = f", risk {f.risk.score}" if f.risk is not None else ""
    lines = [f"{f.address}: {f.message}"]
    if f.origins:
        # Where the judged value was written: the annotation sits on the line that uses it. A
        # file name is one value: its own line breaks are shown, not followed.
        lines.append("from " + ", ".join(f"{visible(file)}:{line}" for file, line in f.origins))
    return annotation(
        COMMANDS[f.severity],
        "\n".join((*lines, *item.notes)),
        title=f"{f.code} {f.name} ({f.severity.label}{risk})",
        file=f.file,
        line=f.start_line,
        end_line=f.end_line,
    )


def _order(items: Sequence[GatedFinding]) -> list[GatedFinding]:
    """Most severe first, failing before the rest, then by place."""
    return sorted(
        items, key=lambda g: (-int(g.finding.severity), not g.gating, g.finding.sort_key())
    )


def render(report: GateReport) -> str:
    shown = _order(report.shown)
    by_level: dict[str, list[GatedFinding]] = {level: [] for level in LEVELS}
    for item in shown:
        by_level[COMMANDS[item.finding.severity]].append(item)
    reserved = {"notice": 1 if shown and not report.compared else 0}
    lines: list[str] = []
    for level in LEVELS:
        items = by_level[level]
        room = MAX_PER_LEVEL - reserved.get(level, 0)
        if len(items) > room:
            kept, cut = items[: room - 1], len(items) - (room - 1)
        else:
            kept, cut = items, 0
        lines.extend(_finding(item) for item in kept)
        if cut:
            lines.append(
                annotation(
                    level,
                    f"{cut} more {level} finding(s) not annotated (GitHub shows "
                    f"{MAX_PER_LEVEL} per level): see the step summary or the SARIF report",
                    title="iacgate",
                )
            )
    if reserved["notice"]:
        lines.append(annotation("notice", NO_DIFF_BASE, title="iacgate"))
    return "\n".join(lines) + ("\n" if lines else "")
