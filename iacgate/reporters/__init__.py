"""Reporters: a gated report into text, JSON, SARIF, JUnit, Markdown or GitHub annotations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iacgate.gate.report import GateReport
    from iacgate.reporters.sarif import SarifOptions

Reporter = Callable[["GateReport"], str]

FORMATS = ("text", "json", "sarif", "junit", "markdown", "github")


def get_reporter(name: str, colour: bool = False, sarif: SarifOptions | None = None) -> Reporter:
    """The reporter for a format name; imported on demand."""
    if name == "text":
        from iacgate.reporters.text import renderer

        return renderer(colour)
    if name == "json":
        from iacgate.reporters.json import render as render_json

        return render_json
    if name == "sarif":
        from iacgate.reporters.sarif import SarifOptions
        from iacgate.reporters.sarif import render as render_sarif

        chosen = sarif or SarifOptions()
        return lambda report: render_sarif(report, chosen)
    if name == "junit":
        from iacgate.reporters.junit import render as render_junit

        return render_junit
    if name == "markdown":
        from iacgate.reporters.markdown import render as render_markdown

        return render_markdown
    if name == "github":
        from iacgate.reporters.github import render as render_github

        return render_github
    raise KeyError(name)
