"""The posture report as Markdown (``iacgate report --format markdown``): for a pull-request
comment, a job summary or a wiki page. Every string that came from a report is escaped."""

from __future__ import annotations

import re

from iacgate.posture.compliance import ControlState
from iacgate.posture.drift_rate import total
from iacgate.posture.report import PostureReport
from iacgate.posture.trends import Timing
from iacgate.reporters.figures import DASH, duration, percent, when
from iacgate.rules.metadata import Severity

MAX_RUNS = 30  # runs per trend table (the newest)
MAX_CONTROLS = 40  # failing controls listed per framework
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]|~>])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def text(value: object) -> str:
    """Report data as inert Markdown: no markup, links, HTML, table breaks or mentions."""
    shown = _CONTROL.sub(" ", str(value))
    shown = shown.replace("&", "&amp;").replace("<", "&lt;")
    shown = _PUNCTUATION.sub(r"\\\1", shown)
    return shown.replace("@", "@\u2060")  # no @mention notifications


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _timing_row(name: str, timing: Timing) -> list[str]:
    return [
        name,
        duration(timing.mttd_seconds),
        str(timing.detected),
        duration(timing.mttr_seconds),
        str(timing.remediated),
        str(timing.open),
        duration(timing.mean_open_age_seconds),
    ]


def render(report: PostureReport) -> str:
    docs = report.documents
    lines = [
        "# iacgate posture report",
        "",
        f"Generated {when(report.generated_at)} from {docs['scan']} scan, {docs['drift']} drift "
        f"and {docs['inventory']} inventory report(s), {when(report.first)} to "
        f"{when(report.last)}.",
        "",
    ]
    if report.problems:
        lines += [f"**{len(report.problems)} file(s) not used** (see the end of this report).", ""]

    lines += ["## Compliance", ""]
    if report.compliance:
        lines += _table(
            [
                "Framework",
                "Compliance",
                "Passed",
                "Failed",
                "Unknown",
                "Not judged",
                "Controls passing / failing / incomplete / no data",
            ],
            [
                [
                    text(c.name),
                    f"**{percent(c.tally.ratio)}**",
                    str(c.tally.passed),
                    str(c.tally.failed),
                    str(c.tally.unknown),
                    str(c.tally.not_judged),
                    " / ".join(
                        str(c.controls_in(s))
                        for s in (
                            ControlState.PASSING,
                            ControlState.FAILING,
                            ControlState.INCOMPLETE,
                            ControlState.NO_DATA,
                        )
                    ),
                ]
                for c in report.compliance
            ],
        )
        lines += [
            "Compliance is the passing share of judged checks (passed / (passed + failed)); "
            "UNKNOWN and not-judged checks are counted apart.",
            "",
        ]
        for framework in report.compliance:
            failing = [c for c in framework.controls if c.state is ControlState.FAILING]
            if not failing:
                continue
            lines += [f"### Failing controls: {text(framework.name)}", ""]
            lines += _table(
                ["Control", "Compliance", "Failed", "Passed", "Rules"],
                [
                    [
                        text(c.control),
                        percent(c.tally.ratio),
                        str(c.tally.failed),
                        str(c.tally.passed),
                        text(", ".join(c.rules)),
                    ]
                    for c in failing[:MAX_CONTROLS]
                ],
            )
            if len(failing) > MAX_CONTROLS:
                lines += [f"… and {len(failing) - MAX_CONTROLS} more.", ""]
    else:
        lines += ["No scan report with per-rule counts: compliance cannot be computed.", ""]

    coverage = report.coverage
    lines += ["## Coverage", ""]
    if coverage.scans:
        lines += _table(
            ["Target", "Resources read", "Judged", "Coverage", "Files", "Skipped", "Parse errors"],
            [
                [
                    text(s.label),
                    str(s.resources),
                    DASH if s.judged is None else str(s.judged),
                    percent(s.ratio),
                    str(s.files),
                    str(s.skipped),
                    str(s.parse_errors),
                ]
                for s in coverage.scans
            ],
        )
    for live in coverage.live:
        lines += [
            f"Live {text(live.scope)}: {live.complete}/{len(live.lists)} lists read completely "
            f"({percent(live.ratio)}), {live.resources} resources.",
            "",
        ]
        if live.gaps:
            lines += _table(
                ["Kind", "Where", "Status"],
                [[text(g.kind), text(g.where), text(g.status)] for g in live.gaps],
            )

    lines += ["## Drift", ""]
    if report.drift:
        rows = [
            [
                text(d.scope),
                str(d.declared),
                str(d.missing),
                str(d.changed),
                str(d.security),
                str(d.unmanaged),
                str(d.unverified),
                f"**{percent(d.rate)}**",
                percent(d.security_rate),
            ]
            for d in (*report.drift, *([total(report.drift)] if len(report.drift) > 1 else []))
        ]
        lines += _table(
            [
                "Scope",
                "Declared",
                "Missing",
                "Changed",
                "Security",
                "Unmanaged",
                "Not verified",
                "Drift rate",
                "Security drift",
            ],
            rows,
        )
    else:
        lines += ["No drift report in the history.", ""]

    lines += ["## Trends", ""]
    severities = list(reversed(Severity))
    for trend in (t for t in report.trends if len(t.points) > 1):
        points = trend.points[-MAX_RUNS:]
        lines += [f"### {text(trend.label)}", ""]
        lines += _table(
            ["Run", *(s.label for s in severities), "Open", "New", "Fixed", "Unknown"],
            [
                [
                    when(p.generated_at),
                    *(str(p.open_by_severity.get(s, 0)) for s in severities),
                    str(p.open),
                    DASH if p.new is None else str(p.new),
                    DASH if p.fixed is None else str(p.fixed),
                    str(p.unknown),
                ]
                for p in points
            ],
        )
        if len(trend.points) > MAX_RUNS:
            lines += [f"The newest {MAX_RUNS} of {len(trend.points)} runs.", ""]
    once = [t for t in report.trends if len(t.points) == 1]
    if once:
        lines += ["### Targets with one run", ""]
        lines += _table(
            ["Target", "Run", *(s.label for s in severities), "Open", "Unknown"],
            [
                [
                    text(t.label),
                    when(p.generated_at),
                    *(str(p.open_by_severity.get(s, 0)) for s in severities),
                    str(p.open),
                    str(p.unknown),
                ]
                for t in once
                for p in t.points
            ],
        )
    if not report.trends:
        lines += ["No scan report in the history.", ""]

    lines += ["## Time to detect and remediate", ""]
    lines += _table(
        ["", "MTTD", "Detected", "MTTR", "Fixed", "Still open", "Mean open age"],
        [
            _timing_row("all", report.timing),
            *(_timing_row(s.label, t) for s, t in report.timing_by_severity.items()),
        ],
    )
    lines += [
        "MTTD: first-seen run minus the last earlier run that judged the finding absent (an "
        "upper bound: detection latency is bounded by the run interval). MTTR: fixing run "
        "minus first-seen run. See docs/reporting.md.",
        "",
    ]

    lines += [f"## Exceptions expiring within {report.window_days} days", ""]
    if report.expiring:
        lines += _table(
            ["Expires", "Days left", "Owner", "Rules", "Findings", "Reason", "Ticket", "Record"],
            [
                [
                    e.expires.isoformat(),
                    str(e.days_left),
                    text(e.owner),
                    text(", ".join(e.rules)),
                    str(e.findings),
                    text(e.reason),
                    text(e.ticket) or DASH,
                    text(e.record) or DASH,
                ]
                for e in report.expiring
            ],
        )
    else:
        lines += ["None.", ""]

    lines += ["## Top risks", ""]
    if report.risks:
        lines += _table(
            ["#", "Score", "Severity", "Rule", "Resource", "Location", "Message", "Target"],
            [
                [
                    str(index),
                    DASH if r.risk.score is None else f"{r.risk.score:g}",
                    r.risk.severity.label,
                    f"{text(r.risk.code)} {text(r.risk.name)}",
                    text(r.risk.address),
                    text(f"{r.risk.file}:{r.risk.line}" if r.risk.line else r.risk.file),
                    text(r.risk.message),
                    text(r.where),
                ]
                for index, r in enumerate(report.risks, 1)
            ],
        )
    else:
        lines += ["No open failing finding.", ""]

    if report.problems:
        lines += ["## Files not used", ""]
        lines += _table(["File", "Why"], [[text(p.file), text(p.reason)] for p in report.problems])
    return "\n".join(lines).rstrip("\n") + "\n"
