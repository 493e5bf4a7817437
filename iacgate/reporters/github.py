"""GitHub Actions workflow commands: one annotation per finding shown on the pull request.

``::error file=F,line=L,endLine=E,title=T::message`` — levels follow severity (critical and
high are errors, medium warnings, low and info notices). Suppressed and existing findings are
not annotated. Values are escaped as the runner expects.
"""

from __future__ import annotations

from iacgate.gate.report import GateReport
from iacgate.rules.metadata import Severity

COMMANDS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: GateReport) -> str:
    lines = []
    for item in report.shown:
        f = item.finding
        props = []
        if f.file and not f.file.startswith("<"):
            props.append(f"file={escape_property(f.file)}")
            if f.start_line:
                props.append(f"line={f.start_line}")
                props.append(f"endLine={max(f.end_line, f.start_line)}")
        props.append(f"title={escape_property(f'{f.code} {f.name} ({f.severity.label})')}")
        message = f"{f.address}: {f.message}" + "".join(f"\n{n}" for n in item.notes)
        lines.append(f"::{COMMANDS[f.severity]} {','.join(props)}::{escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
