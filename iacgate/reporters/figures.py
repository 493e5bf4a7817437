"""How posture figures read to people: percentages, durations, times (Markdown and HTML)."""

from __future__ import annotations

import datetime as dt

DASH = "—"


def percent(ratio: float | None, digits: int = 1) -> str:
    """``87.5%``; a dash when there is nothing to divide."""
    if ratio is None:
        return DASH
    shown = f"{ratio * 100:.{digits}f}"
    # Never round a failing figure up to a clean 100% (or a passing one down to 0%).
    if shown == f"{100:.{digits}f}" and ratio < 1:
        shown = f"{100 - 10**-digits:.{digits}f}"
    if shown == f"{0:.{digits}f}" and ratio > 0:
        shown = f"{10**-digits:.{digits}f}"
    return f"{shown}%"


def duration(seconds: float | None) -> str:
    """``42 s``, ``3.5 min``, ``7.2 h``, ``2.5 days``; a dash when unknown."""
    if seconds is None:
        return DASH
    if seconds < 90:
        return f"{seconds:.3g} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.1f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def when(moment: dt.datetime | None) -> str:
    """``2024-05-01 02:00 UTC``."""
    if moment is None:
        return DASH
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def day(moment: dt.datetime) -> str:
    """A run's short name on a chart axis: ``05-01``, with the time when two share a day."""
    return moment.astimezone(dt.UTC).strftime("%m-%d")
