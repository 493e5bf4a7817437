"""Inline SVG charts for the HTML posture report: stacked bars, paired bars and lines.

Plain SVG elements styled by the page's CSS classes: no script, no external reference, no
random ids, so the same figures always give the same bytes. Every label is escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 34
MAX_LABELS = 12  # x-axis labels shown; the others are skipped evenly


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True, slots=True)
class Segment:
    value: float
    css: str  # the class that colours it
    title: str  # the tooltip and the text a screen reader reads


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` whose four grid steps are whole numbers
    (the charts count findings): 4, 8, 20, 40, 80, 200, ..."""
    step = 1.0
    while 4 * step < value:
        for factor in (2, 2.5, 2):  # 1 -> 2 -> 5 -> 10 -> 20 -> 50 ...
            step *= factor
            if 4 * step >= value:
                break
    return 4 * step


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _frame(title: str, body: list[str], labels: Sequence[str], y_max: float, percent: bool) -> str:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    out = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    for step in range(5):
        value = y_max * step / 4
        y = TOP + plot_h - plot_h * step / 4
        shown = f"{value * 100:.0f}%" if percent else _number(value)
        out.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{shown}</text>'
        )
    out.extend(body)
    count = len(labels)
    every = max(1, -(-count // MAX_LABELS))
    band = plot_w / max(count, 1)
    for index, label in enumerate(labels):
        if index % every and index != count - 1:
            continue
        x = LEFT + band * (index + 0.5)
        out.append(
            f'<text class="axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{esc(label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def stacked_bars(title: str, labels: Sequence[str], columns: Sequence[Sequence[Segment]]) -> str:
    """One bar per label, its segments stacked bottom up."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    y_max = _nice_max(max((sum(s.value for s in c) for c in columns), default=0))
    band = plot_w / max(len(columns), 1)
    bar = max(1.0, band * 0.7)
    body = []
    for index, column in enumerate(columns):
        x = LEFT + band * index + (band - bar) / 2
        base = float(TOP + plot_h)
        for segment in column:
            if segment.value <= 0:
                continue
            h = plot_h * segment.value / y_max
            base -= h
            body.append(
                f'<rect class="{esc(segment.css)}" x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}"><title>{esc(segment.title)}</title></rect>'
            )
    return _frame(title, body, labels, y_max, percent=False)


def paired_bars(
    title: str, labels: Sequence[str], pairs: Sequence[tuple[Segment | None, Segment | None]]
) -> str:
    """Two bars side by side per label (new and fixed); a missing one is not drawn."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    values = [s.value for pair in pairs for s in pair if s is not None]
    y_max = _nice_max(max(values, default=0))
    band = plot_w / max(len(pairs), 1)
    bar = max(1.0, band * 0.35)
    body = []
    for index, pair in enumerate(pairs):
        for side, segment in enumerate(pair):
            if segment is None or segment.value <= 0:
                continue
            x = LEFT + band * index + band * 0.15 + side * bar
            h = plot_h * segment.value / y_max
            body.append(
                f'<rect class="{esc(segment.css)}" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}"><title>{esc(segment.title)}</title></rect>'
            )
    return _frame(title, body, labels, y_max, percent=False)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    css: str
    values: Sequence[float | None]  # one per label; None: no figure at that run


def lines(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Ratios (0 to 1) over the runs, one polyline per series; gaps where a value is None."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    band = plot_w / max(len(labels), 1)
    body = []
    for item in series:
        run: list[str] = []
        runs: list[list[str]] = []
        for index, value in enumerate(item.values):
            if value is None:
                if run:
                    runs.append(run)
                run = []
                continue
            x = LEFT + band * (index + 0.5)
            y = TOP + plot_h - plot_h * max(0.0, min(1.0, value))
            run.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle class="{esc(item.css)}" cx="{x:.1f}" cy="{y:.1f}" r="2.5">'
                f"<title>{esc(item.name)}: {value * 100:.1f}%</title></circle>"
            )
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                body.append(f'<polyline class="{esc(item.css)}" points="{" ".join(points)}"/>')
    return _frame(title, body, labels, 1.0, percent=True)
