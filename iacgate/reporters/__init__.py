"""Reporters: the one registry of output formats, for gated scan reports and drift reports.

Each table maps a format name to a loader that imports its reporter on demand (start-up pays
for none of them) and binds the render options; the format lists of the CLI, the Action and
``--output FORMAT=PATH`` are these tables' keys.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iacgate.driftcheck.model import DriftReport
    from iacgate.gate.report import GateReport
    from iacgate.reporters.sarif_options import SarifOptions
    from iacgate.rules.dsl import Rule

Reporter = Callable[["GateReport"], str]
DriftReporter = Callable[["DriftReport", bool], str]  # (report, failed)


def terminal_colour() -> bool:
    """Whether text on standard output is coloured: a terminal, and NO_COLOR unset."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def terminal_progress() -> Callable[[int, int, str], None] | None:
    """A one-line progress indicator on standard error, only when it is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, what: str) -> None:
        sys.stderr.write(f"\r\033[K[{done}/{total}] {what}")
        if done == total:
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()

    return show


@dataclass(frozen=True, slots=True)
class RenderOptions:
    colour: bool = False  # text: terminal colours
    sarif: SarifOptions | None = None  # SARIF: help URLs, UNKNOWN verdicts
    rules: Sequence[Rule] = ()  # drift SARIF: the rules that ran (documents flipped ones)
    artifact: str | None = None  # drift SARIF: the snapshot file the live state came from


def _text(options: RenderOptions) -> Reporter:
    from iacgate.reporters.text import renderer

    return renderer(options.colour)


def _json(options: RenderOptions) -> Reporter:
    from iacgate.reporters.json import render

    return render


def _sarif(options: RenderOptions) -> Reporter:
    from iacgate.reporters.sarif import render
    from iacgate.reporters.sarif_options import SarifOptions

    chosen = options.sarif or SarifOptions()
    return lambda report: render(report, chosen)


def _junit(options: RenderOptions) -> Reporter:
    from iacgate.reporters.junit import render

    return render


def _markdown(options: RenderOptions) -> Reporter:
    from iacgate.reporters.markdown import render

    return render


def _github(options: RenderOptions) -> Reporter:
    from iacgate.reporters.github import render

    return render


# The order is the order of ``--format``'s choices.
SCAN_REPORTERS: dict[str, Callable[[RenderOptions], Reporter]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "junit": _junit,
    "markdown": _markdown,
    "github": _github,
}


def _drift_text(options: RenderOptions) -> DriftReporter:
    from iacgate.reporters.drift import render_text

    return lambda report, failed: render_text(report, failed, options.colour)


def _drift_json(options: RenderOptions) -> DriftReporter:
    from iacgate.reporters.drift import render_json

    return render_json


def _drift_markdown(options: RenderOptions) -> DriftReporter:
    from iacgate.reporters.drift import render_markdown

    return render_markdown


def _drift_sarif(options: RenderOptions) -> DriftReporter:
    from iacgate.reporters.drift_sarif import render
    from iacgate.reporters.sarif_options import SarifOptions

    chosen = options.sarif or SarifOptions()
    return lambda report, failed: render(
        report, failed, rules=options.rules, artifact=options.artifact, options=chosen
    )


DRIFT_REPORTERS: dict[str, Callable[[RenderOptions], DriftReporter]] = {
    "text": _drift_text,
    "json": _drift_json,
    "markdown": _drift_markdown,
    "sarif": _drift_sarif,
}

FORMATS = tuple(SCAN_REPORTERS)
DRIFT_FORMATS = tuple(DRIFT_REPORTERS)


def get_reporter(name: str, colour: bool = False, sarif: SarifOptions | None = None) -> Reporter:
    """The reporter of a gated report for a format name (``KeyError`` for an unknown one)."""
    return SCAN_REPORTERS[name](RenderOptions(colour=colour, sarif=sarif))


def get_drift_reporter(name: str, options: RenderOptions) -> DriftReporter:
    """The reporter of a drift report for a format name (``KeyError`` for an unknown one)."""
    return DRIFT_REPORTERS[name](options)
