"""The posture report as one self-contained HTML page (``iacgate report --format html``).

Inline CSS and inline SVG charts only: no script, no font, image or stylesheet fetched, and a
Content-Security-Policy that forbids them should anything slip in. Every string that came from a
report (file names, messages, addresses, owners: data from scanned trees) is escaped. A print
stylesheet keeps it readable on paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from iacgate import __version__
from iacgate.posture.compliance import ControlState, FrameworkCompliance
from iacgate.posture.drift_rate import total
from iacgate.posture.report import PostureReport
from iacgate.posture.trends import StreamTrend, Timing
from iacgate.reporters.figures import DASH, day, duration, percent, when
from iacgate.reporters.svg import Segment, Series, esc, lines, paired_bars, stacked_bars
from iacgate.rules.metadata import Severity

SEVERITIES = tuple(reversed(Severity))  # critical first
# One colour per framework on the compliance chart.
PALETTE = ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037")
FRAMEWORK_CLASSES = tuple(f"s{i}" for i in range(1, len(PALETTE) + 1))
MAX_RISKS_MESSAGE = 300  # characters of a finding's message shown

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"

CSS = """
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #f6f7f9; --ok: #2e7d32;
  --bad: #c62828; --warn: #ef6c00; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p.meta, .note { color: var(--muted); }
.note { font-size: 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px;
  margin: 18px 0; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
  padding: 10px 12px; }
.card .value { font-size: 22px; font-weight: 650; }
.card .label { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.wrap { word-break: break-word; }
.bar { position: relative; height: 12px; min-width: 120px; background: #eceff3;
  border-radius: 3px; }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; background: var(--ok);
  border-radius: 3px; }
.state-failing { color: var(--bad); font-weight: 600; }
[class^="state-"] { white-space: nowrap; }
.state-passing { color: var(--ok); }
.state-incomplete { color: var(--warn); }
.state-no-data { color: var(--muted); }
.sev { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px; }
.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 2px; }
.chart .grid { stroke: #e3e7ee; stroke-width: 1; }
.chart .axis { fill: var(--muted); font-size: 11px; }
.critical { fill: #6a1b9a; background: #6a1b9a; }
.high { fill: #c62828; background: #c62828; }
.medium { fill: #ef6c00; background: #ef6c00; }
.low { fill: #1565c0; background: #1565c0; }
.info { fill: #78909c; background: #78909c; }
.new { fill: #c62828; background: #c62828; }
.fixed { fill: #2e7d32; background: #2e7d32; }
polyline { fill: none; stroke-width: 2; }
.legend { font-size: 12px; color: var(--muted); margin: 0 0 4px; }
.legend .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
  margin: 0 4px 0 10px; vertical-align: -1px; }
.problems { background: #fff4e5; border: 1px solid #f3c27a; border-radius: 6px; padding: 8px 12px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@page { margin: 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  table, .chart, .card { break-inside: avoid; }
  .cards { grid-template-columns: repeat(4, 1fr); }
}
""" + "".join(
    f"polyline.{name} {{ stroke: {colour}; }} "
    f"circle.{name}, .key.{name} {{ fill: {colour}; background: {colour}; }}\n"
    for name, colour in zip(FRAMEWORK_CLASSES, PALETTE, strict=True)
)


def _table(head: Sequence[tuple[str, bool]], rows: Iterable[Sequence[str]]) -> str:
    """A table; ``head`` is (escaped title, numeric column); cells are HTML already escaped."""
    numeric = [n for _, n in head]
    out = ["<table><thead><tr>"]
    out += [f"<th{' class=n' if n else ''}>{title}</th>" for title, n in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for cell, is_number in zip(row, numeric, strict=True):
            out.append(f'<td class="{"n" if is_number else "wrap"}">{cell}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _bar(ratio: float | None) -> str:
    if ratio is None:
        return f'<span class="note">{DASH}</span>'
    width = f"{ratio * 100:.1f}%"
    return f'<div class="bar" title="{percent(ratio)}"><span style="width:{width}"></span></div>'


def _card(value: str, label: str) -> str:
    return (
        f'<div class="card"><div class="value">{value}</div><div class="label">{label}</div></div>'
    )


def _severity(severity: Severity) -> str:
    return f'<span class="sev {severity.label}">{severity.label}</span>'


def _cards(report: PostureReport) -> str:
    open_findings = sum(sum(r.open_by_severity.values()) for r in report.latest_scans)
    cards = [_card(str(open_findings), "open failing findings (newest scans)")]
    for framework in report.compliance:
        if framework.tally.ratio is not None:
            cards.append(_card(percent(framework.tally.ratio), esc(framework.name)))
    cards.append(_card(percent(report.coverage.ratio), "resources judged / read"))
    if report.coverage.live:
        cards.append(_card(percent(report.coverage.live_ratio), "live lists read completely"))
    if report.drift:
        cards.append(_card(percent(total(report.drift).rate), "drift rate (declared)"))
    cards.append(_card(duration(report.timing.mttd_seconds), "mean time to detect (upper bound)"))
    cards.append(_card(duration(report.timing.mttr_seconds), "mean time to remediate"))
    cards.append(
        _card(str(len(report.expiring)), f"exceptions expiring within {report.window_days} days")
    )
    return f'<div class="cards">{"".join(cards)}</div>'


def _compliance(report: PostureReport) -> str:
    if not report.compliance:
        return '<p class="note">No scan report with per-rule counts: no compliance figure.</p>'
    rows = [
        [
            esc(c.name) + f'<div class="note">{esc(c.framework)}</div>',
            f"<b>{percent(c.tally.ratio)}</b>",
            _bar(c.tally.ratio),
            str(c.tally.passed),
            str(c.tally.failed),
            str(c.tally.unknown),
            str(c.tally.not_judged),
            f"{c.controls_in(ControlState.PASSING)} / {c.controls_in(ControlState.FAILING)} / "
            f"{c.controls_in(ControlState.INCOMPLETE)} / {c.controls_in(ControlState.NO_DATA)}",
        ]
        for c in report.compliance
    ]
    out = [
        _table(
            [
                ("Framework", False),
                ("Compliance", True),
                ("", False),
                ("Passed", True),
                ("Failed", True),
                ("Unknown", True),
                ("Not judged", True),
                ("Controls passing / failing / incomplete / no data", True),
            ],
            rows,
        ),
        '<p class="note">Compliance is the passing share of judged checks (passed / (passed + '
        "failed)); a check is one rule judging one resource. UNKNOWN checks (an input not known "
        "statically) and checks not judged (the rule could not run) are counted apart. Accepted "
        "exceptions still count as failing checks.</p>",
    ]
    return "".join(out)


def _controls(framework: FrameworkCompliance) -> str:
    order = {
        ControlState.FAILING: 0,
        ControlState.INCOMPLETE: 1,
        ControlState.PASSING: 2,
        ControlState.NO_DATA: 3,
    }
    controls = sorted(
        (c for c in framework.controls if c.state is not ControlState.NO_DATA),
        key=lambda c: order[c.state],
    )
    idle = [c.control for c in framework.controls if c.state is ControlState.NO_DATA]
    title = f"<h3>{esc(framework.name)}</h3>"
    quiet = (
        f'<p class="note">{len(idle)} control(s) without data (no resource of their rules\' '
        f"kinds was read): {esc(', '.join(idle))}.</p>"
        if idle
        else ""
    )
    if not controls:
        return title + quiet
    rows = [
        [
            esc(c.control),
            f'<span class="state-{c.state.value}">{c.state.value}</span>',
            percent(c.tally.ratio),
            str(c.tally.passed),
            str(c.tally.failed),
            str(c.tally.unknown + c.tally.not_judged),
            esc(", ".join(c.rules)),
        ]
        for c in controls
    ]
    return (
        title
        + _table(
            [
                ("Control", False),
                ("State", False),
                ("Compliance", True),
                ("Passed", True),
                ("Failed", True),
                ("Unknown / not judged", True),
                ("Rules", False),
            ],
            rows,
        )
        + quiet
    )


def _labels(trend: StreamTrend) -> list[str]:
    days = [day(p.generated_at) for p in trend.points]
    if len(set(days)) == len(days):
        return days
    return [p.generated_at.strftime("%m-%d %H:%M") for p in trend.points]


def _pairs(trend: StreamTrend) -> list[tuple[Segment | None, Segment | None]]:
    return [
        (
            None
            if p.new is None
            else Segment(p.new, "new", f"{when(p.generated_at)}: {p.new} new"),
            None
            if p.fixed is None
            else Segment(p.fixed, "fixed", f"{when(p.generated_at)}: {p.fixed} fixed"),
        )
        for p in trend.points
    ]


def _trend(trend: StreamTrend) -> str:
    labels = _labels(trend)
    out = [f"<h3>{esc(trend.label)}</h3>"]
    legend = "".join(f'<span class="key {s.label}"></span>{s.label}' for s in SEVERITIES)
    out.append(f'<p class="legend">Open failing findings by severity per run:{legend}</p>')
    columns = [
        [
            Segment(
                p.open_by_severity.get(s, 0),
                s.label,
                f"{when(p.generated_at)}: {p.open_by_severity.get(s, 0)} {s.label}",
            )
            for s in reversed(SEVERITIES)  # info at the bottom, critical on top
        ]
        for p in trend.points
    ]
    out.append(stacked_bars("Open failing findings by severity per run", labels, columns))
    if len(trend.points) > 1:
        out.append(
            '<p class="legend">New and fixed per run:<span class="key new"></span>new'
            '<span class="key fixed"></span>fixed</p>'
        )
        out.append(paired_bars("New and fixed findings per run", labels, _pairs(trend)))
    frameworks = sorted({f for p in trend.points for f in p.compliance})
    if frameworks:
        keys = "".join(
            f'<span class="key {FRAMEWORK_CLASSES[i % len(FRAMEWORK_CLASSES)]}"></span>{esc(f)}'
            for i, f in enumerate(frameworks)
        )
        out.append(f'<p class="legend">Compliance per run:{keys}</p>')
        series = [
            Series(
                framework,
                FRAMEWORK_CLASSES[i % len(FRAMEWORK_CLASSES)],
                [p.compliance.get(framework) for p in trend.points],
            )
            for i, framework in enumerate(frameworks)
        ]
        out.append(lines("Compliance per framework per run", labels, series))
    rows = [
        [
            esc(when(p.generated_at)),
            *(str(p.open_by_severity.get(s, 0)) for s in SEVERITIES),
            str(p.open),
            DASH if p.new is None else str(p.new),
            DASH if p.fixed is None else str(p.fixed),
            str(p.unknown),
            str(p.unverified),
            duration(p.duration_seconds),
        ]
        for p in reversed(trend.points[-30:])
    ]
    out.append(
        _table(
            [
                ("Run", False),
                *((s.label.capitalize(), True) for s in SEVERITIES),
                ("Open", True),
                ("New", True),
                ("Fixed", True),
                ("Unknown", True),
                ("Not verified", True),
                ("Duration", True),
            ],
            rows,
        )
    )
    return "".join(out)


def _single_runs(trends: Sequence[StreamTrend]) -> str:
    """Targets scanned once in the history: no trend to draw, one row each."""
    if not trends:
        return ""
    rows = [
        [
            esc(t.label),
            esc(when(p.generated_at)),
            *(str(p.open_by_severity.get(s, 0)) for s in SEVERITIES),
            str(p.open),
            str(p.unknown),
            duration(p.duration_seconds),
        ]
        for t in trends
        for p in t.points
    ]
    return "<h3>Targets with one run</h3>" + _table(
        [
            ("Target", False),
            ("Run", False),
            *((s.label.capitalize(), True) for s in SEVERITIES),
            ("Open", True),
            ("Unknown", True),
            ("Duration", True),
        ],
        rows,
    )


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


def _timing(report: PostureReport) -> str:
    rows = [_timing_row("all", report.timing)]
    rows += [_timing_row(_severity(s), t) for s, t in report.timing_by_severity.items()]
    return _table(
        [
            ("", False),
            ("MTTD", True),
            ("Detected", True),
            ("MTTR", True),
            ("Fixed", True),
            ("Still open", True),
            ("Mean open age", True),
        ],
        rows,
    ) + (
        '<p class="note">Time to detect: the first run that reported a finding minus the last '
        "earlier run that judged it absent; the change happened in between, so this is an upper "
        "bound and detection latency is bounded by the run interval. Findings present in a "
        "target's first run have no known start and are not in MTTD. Time to remediate: the "
        "first run that judged the finding gone minus the run that first reported it. Findings "
        "still open are not in MTTR; their mean age is shown beside it.</p>"
    )


def _coverage(report: PostureReport) -> str:
    coverage = report.coverage
    out = []
    if coverage.scans:
        out.append(
            _table(
                [
                    ("Target", False),
                    ("Resources read", True),
                    ("Judged", True),
                    ("Coverage", True),
                    ("Files", True),
                    ("Skipped", True),
                    ("Parse errors", True),
                ],
                [
                    [
                        esc(s.label),
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
        )
        out.append(
            '<p class="note">Judged: resources of a kind at least one rule judges. Skipped files '
            "and files that do not parse hide resources nobody counted: they are listed "
            "apart.</p>"
        )
    for live in coverage.live:
        out.append(
            f"<h3>Live {esc(live.scope)}: {live.complete} of {len(live.lists)} lists read "
            f"completely ({percent(live.ratio)}), {live.resources} resources</h3>"
        )
        out.append(
            _table(
                [("Kind", False), ("Region / namespace", False), ("Status", False), ("Read", True)],
                [
                    [
                        esc(i.kind),
                        esc("all" if i.where == "*" else i.where),
                        f'<span class="state-{"passing" if i.status == "complete" else "failing"}">'
                        f"{esc(i.status)}</span>",
                        str(i.count),
                    ]
                    for i in sorted(
                        live.lists, key=lambda i: (i.status == "complete", i.kind, i.where)
                    )
                ],
            )
        )
    if not out:
        out.append('<p class="note">No scan report or inventory snapshot in the history.</p>')
    return "".join(out)


def _drift(report: PostureReport) -> str:
    if not report.drift:
        return '<p class="note">No drift report in the history.</p>'
    rates = list(report.drift)
    if len(rates) > 1:
        rates.append(total(report.drift))
    return _table(
        [
            ("Scope", False),
            ("Declared", True),
            ("In sync", True),
            ("Missing", True),
            ("Changed", True),
            ("Security drift", True),
            ("Unmanaged", True),
            ("Not verified", True),
            ("Drift rate", True),
            ("Security drift rate", True),
        ],
        [
            [
                esc(d.scope),
                str(d.declared),
                str(d.in_sync),
                str(d.missing),
                str(d.changed),
                str(d.security),
                str(d.unmanaged),
                str(d.unverified),
                f"<b>{percent(d.rate)}</b>",
                percent(d.security_rate),
            ]
            for d in rates
        ],
    ) + (
        '<p class="note">Drift rate: declared resources missing or changed live, over declared '
        "resources. Security drift: a change that made a rule fail. Unmanaged resources (live, "
        "declared nowhere) are not in the rate.</p>"
    )


def _exceptions(report: PostureReport) -> str:
    if not report.expiring:
        return f'<p class="note">No exception ends within {report.window_days} days.</p>'
    return _table(
        [
            ("Expires", False),
            ("Days left", True),
            ("Owner", False),
            ("Rules", False),
            ("Findings", True),
            ("Reason", False),
            ("Ticket", False),
            ("Record", False),
        ],
        [
            [
                esc(e.expires.isoformat()),
                str(e.days_left),
                esc(e.owner),
                esc(", ".join(e.rules)),
                str(e.findings),
                esc(e.reason),
                esc(e.ticket) or DASH,
                esc(e.record) or DASH,
            ]
            for e in report.expiring
        ],
    )


def _risks(report: PostureReport) -> str:
    if not report.risks:
        return '<p class="note">No open failing finding.</p>'
    rows = []
    for index, ranked in enumerate(report.risks, 1):
        r = ranked.risk
        message = (
            r.message
            if len(r.message) <= MAX_RISKS_MESSAGE
            else r.message[:MAX_RISKS_MESSAGE] + "…"
        )
        rows.append(
            [
                str(index),
                DASH if r.score is None else f"{r.score:g}",
                _severity(r.severity),
                f"{esc(r.code)}<div class=note>{esc(r.name)}</div>",
                esc(r.address),
                esc(f"{r.file}:{r.line}" if r.line else r.file),
                esc(message),
                esc(ranked.where),
            ]
        )
    return _table(
        [
            ("#", True),
            ("Score", True),
            ("Severity", False),
            ("Rule", False),
            ("Resource", False),
            ("Location", False),
            ("Message", False),
            ("Target", False),
        ],
        rows,
    ) + (
        '<p class="note">Ranked by the finding\'s risk score when the report carries one, '
        "else by severity, then rule, then file.</p>"
    )


def render(report: PostureReport) -> str:
    docs = report.documents
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<title>iacgate posture report</title>",
        f"<style>{CSS}</style></head><body>",
        "<header><h1>Security posture</h1>",
        f'<p class="meta">Generated {esc(when(report.generated_at))} by iacgate {esc(__version__)} '
        f"from {docs['scan']} scan, {docs['drift']} drift and {docs['inventory']} inventory "
        f"report(s), {esc(when(report.first))} to {esc(when(report.last))}.</p></header>",
    ]
    if report.problems:
        parts.append(
            f'<p class="problems"><b>{len(report.problems)} file(s) of the history were not '
            'used</b>: see <a href="#problems">the list</a>.</p>'
        )
    parts.append(_cards(report))
    parts.append(
        '<section id="compliance"><h2>Compliance</h2>' + _compliance(report) + "</section>"
    )
    parts.append('<section id="trends"><h2>Trends</h2>')
    parts += [_trend(t) for t in report.trends if len(t.points) > 1]
    parts.append(_single_runs([t for t in report.trends if len(t.points) == 1]))
    if not report.trends:
        parts.append('<p class="note">No scan report.</p>')
    parts.append("</section>")
    parts.append(
        '<section id="remediation"><h2>Time to detect and remediate</h2>'
        + _timing(report)
        + "</section>"
    )
    parts.append('<section id="coverage"><h2>Coverage</h2>' + _coverage(report) + "</section>")
    parts.append('<section id="drift"><h2>Drift</h2>' + _drift(report) + "</section>")
    parts.append(
        f'<section id="exceptions"><h2>Exceptions expiring within {report.window_days} days '
        f"(from {esc(report.today.isoformat())})</h2>" + _exceptions(report) + "</section>"
    )
    parts.append('<section id="risks"><h2>Top risks</h2>' + _risks(report) + "</section>")
    if report.compliance:
        parts.append(
            '<section id="controls"><h2>Controls</h2>'
            + "".join(_controls(c) for c in report.compliance)
            + "</section>"
        )
    if report.problems:
        parts.append(
            '<section id="problems"><h2>Files not used</h2>'
            + _table(
                [("File", False), ("Why", False)],
                [[esc(p.file), esc(p.reason)] for p in report.problems],
            )
            + "</section>"
        )
    parts.append(
        "<footer>Definitions of every figure: docs/reporting.md of iacgate. This page is "
        "self-contained: no script, no external resource.</footer></body></html>"
    )
    return "\n".join(parts) + "\n"
